"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import type { FieldErrors } from "@/components/forms/field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { updateUserSchema, type UpdateUserInput } from "@/lib/users/schema";
import { updateUserMutation, type ApiUser } from "@/lib/users/queries";
import { clientFieldErrors, messageOf, serverFieldErrors, showFieldErrors } from "./forms";
import { ROLE_OPTIONS } from "./roles";
import { SelectField } from "./select-field";

const LABELS = { user_role: "Role", external_id: "External ID" };

/** Edits a user's role and external ID; sends only what changed. */
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
  const headingId = `edit-user-${user.guid}-heading`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setProblem(undefined);
    const data = new FormData(form);
    const role = String(data.get("user_role") ?? user.user_role);
    const externalId = String(data.get("external_id") ?? "").trim() || null;
    const patch: UpdateUserInput = {
      ...(role !== user.user_role ? { user_role: role as UpdateUserInput["user_role"] } : {}),
      ...(externalId !== user.external_id ? { external_id: externalId } : {}),
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
      onDone(`Saved ${saved.username}.`);
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
