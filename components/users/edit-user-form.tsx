"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import type { FieldErrors } from "@/components/forms/field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { updateUserSchema, type UpdateUserInput } from "@/lib/users/schema";
import { updateUserMutation, type ApiUser } from "@/lib/users/queries";
import { clientFieldErrors, messageOf, serverFieldErrors, showFieldErrors } from "./forms";
import { ROLE_OPTIONS } from "./roles";
import { SelectField } from "./select-field";

const LABELS = {
  user_role: "Role",
  external_id: "External ID",
  email: "Email",
  first_name: "First name",
  last_name: "Last name",
  password: "New password",
  service_user: "Service user",
};

const text = (data: FormData, name: string) => String(data.get(name) ?? "").trim();

/** Edits a user's names, email, role and external ID, and can set a new password; sends only what changed. */
export function EditUserForm({
  user,
  isSelf,
  onDone,
}: {
  user: ApiUser;
  isSelf: boolean;
  onDone: (message?: string) => void;
}) {
  const update = useMutation(updateUserMutation());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string>();
  const [serviceUser, setServiceUser] = useState(user.service_user);
  const headingId = `edit-user-${user.guid}-heading`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setProblem(undefined);
    const data = new FormData(form);
    const role = String(data.get("user_role") ?? user.user_role);
    const externalId = text(data, "external_id") || null;
    // No password field while Service user is ticked (it is not rendered), so none is sent.
    const password = String(data.get("password") ?? "");
    const patch: UpdateUserInput = {
      ...(text(data, "first_name") !== user.first_name ? { first_name: text(data, "first_name") } : {}),
      ...(text(data, "last_name") !== user.last_name ? { last_name: text(data, "last_name") } : {}),
      ...(text(data, "email") !== user.email ? { email: text(data, "email") } : {}),
      ...(role !== user.user_role ? { user_role: role as UpdateUserInput["user_role"] } : {}),
      ...(externalId !== user.external_id ? { external_id: externalId } : {}),
      ...(password ? { password } : {}),
      ...(serviceUser !== user.service_user ? { service_user: serviceUser } : {}),
    };
    const parsed = updateUserSchema.safeParse(patch);
    if (!parsed.success) {
      showFieldErrors(form, () => setErrors(clientFieldErrors(parsed.error.issues, LABELS)));
      return;
    }
    setErrors({});
    if (Object.keys(parsed.data).length === 0) {
      onDone("Nothing changed.");
      return;
    }
    try {
      const saved = await update.mutateAsync({ guid: user.guid, patch: parsed.data });
      onDone(
        parsed.data.service_user
          ? `Saved ${saved.username}: now a service user, without a password, and their sessions have ended.`
          : parsed.data.password
            ? `Saved ${saved.username}: a new password is set and their sessions have ended.`
            : `Saved ${saved.username}.`,
      );
    } catch (err) {
      const fields = serverFieldErrors(err, LABELS);
      if (fields) {
        showFieldErrors(form, () => setErrors(fields));
      } else setProblem(messageOf(err, "Could not save the user."));
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={headingId} className="space-y-4">
      <h3 id={headingId} className="font-semibold text-slate-900">
        Edit {user.username}
      </h3>
      {problem && <Alert>{problem}</Alert>}
      <div className="grid max-w-3xl gap-4 sm:grid-cols-2">
        <Field label="First name" name="first_name" defaultValue={user.first_name} autoComplete="off" error={errors.first_name} />
        <Field label="Last name" name="last_name" defaultValue={user.last_name} autoComplete="off" error={errors.last_name} />
        <Field
          label="Email"
          name="email"
          type="email"
          defaultValue={user.email}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          error={errors.email}
        />
        <SelectField
          label="Role"
          name="user_role"
          defaultValue={user.user_role}
          options={ROLE_OPTIONS}
          disabled={isSelf}
          hint={isSelf ? "You cannot change your own role." : undefined}
          error={errors.user_role}
        />
        <Field
          label="External ID"
          name="external_id"
          defaultValue={user.external_id ?? ""}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          hint="Federation and single sign-on find the user by it. Leave it empty to remove it."
          error={errors.external_id}
        />
      </div>
      {!isSelf && (
        <Checkbox
          className="max-w-3xl"
          name="service_user"
          checked={serviceUser}
          onChange={(event) => setServiceUser(event.currentTarget.checked)}
          label="Service user"
          hint={
            user.service_user
              ? "A pipeline's or workload's account: keys only by token exchange, no dashboard sign-in. Clear it to let them sign in (give a password below, or use single sign-on)."
              : "For a pipeline or workload: keys only by token exchange. Saving removes their password and signs them out everywhere; their keys keep working."
          }
        />
      )}
      {/* A service user never signs in, so it has no password to reset (the API refuses one). */}
      {!serviceUser && (
        <fieldset className="max-w-3xl space-y-2">
          <legend className="font-medium text-slate-900">Reset the password</legend>
          <div className="sm:w-1/2 sm:pr-2">
            <Field
              label="New password"
              name="password"
              type="password"
              autoComplete="new-password"
              optional
              hint={
                isSelf
                  ? "Leave it empty to keep yours. A new one signs you out everywhere, this browser too: sign in again with it."
                  : "Leave it empty to keep theirs. A new one signs them out everywhere; tell them the new password yourself."
              }
              error={errors.password}
            />
          </div>
        </fieldset>
      )}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save changes"}
        </Button>
        <Button variant="secondary" onClick={() => onDone()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
