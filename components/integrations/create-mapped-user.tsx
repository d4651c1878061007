"use client";

import { useState, type FormEvent } from "react";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import type { FieldErrors } from "@/components/forms/field-errors";
import { clientFieldErrors, messageOf, serverFieldErrors, showFieldErrors } from "@/components/users/forms";
import { ROLE_OPTIONS } from "@/components/users/roles";
import { SelectField } from "@/components/users/select-field";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { createUserMutation } from "@/lib/users/queries";
import { createUserSchema } from "@/lib/users/schema";

const LABELS = { username: "Username", external_id: "External ID", user_role: "Role", password: "Password" };

/** A username from a subject such as repo:octo-org/site:environment:production → octo-org-site-production. */
export function usernameFor(externalId: string): string {
  const words = externalId.split(/[:/]+/).filter((w) => !["repo", "environment", "ref", "project_path", "ref_type", "system", "serviceaccount"].includes(w));
  const slug = words.join("-").replace(/[^A-Za-z0-9._@-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").replace(/-+/g, "-");
  return slug.slice(0, 64).replace(/-+$/, "");
}

/**
 * Creates the local user a token maps to: its external_id is the token's value of
 * the integration's match claim. A service user (the default for pipelines) gets
 * keys only by exchange and cannot sign in to the dashboard.
 */
export function CreateMappedUser({
  matchClaim,
  externalId = "",
  serviceUser,
  label,
  onCreated,
}: {
  matchClaim: string;
  externalId?: string;
  serviceUser: boolean;
  label: string;
  onCreated?: () => void;
}) {
  const create = useMutation(createUserMutation());
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string>();
  const [created, setCreated] = useState<{ username: string; external_id: string | null; service_user: boolean }>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setProblem(undefined);
    const parsed = createUserSchema.safeParse({
      username: String(data.get("username") ?? ""),
      external_id: String(data.get("external_id") ?? "").trim(),
      user_role: String(data.get("user_role") ?? ""),
      service_user: data.get("service_user") === "on",
    });
    if (!parsed.success) return showFieldErrors(form, () => setErrors(clientFieldErrors(parsed.error.issues, LABELS)));
    setErrors({});
    try {
      const user = await create.mutateAsync(parsed.data);
      setCreated(user);
      setOpen(false);
      onCreated?.();
    } catch (err) {
      const fields = serverFieldErrors(err, LABELS);
      if (fields) showFieldErrors(form, () => setErrors(fields));
      else setProblem(messageOf(err, "Could not create the user."));
    }
  }

  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        onClick={() => {
          setCreated(undefined);
          setProblem(undefined);
          setErrors({});
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <p role="status" className="text-sm font-medium text-emerald-800 empty:sr-only">
        {created ? (
          <>
            Created {created.service_user ? "the service user" : "the user"}{" "}
            <Link href={`/users?prefix=${encodeURIComponent(created.username)}`} className="underline underline-offset-2">
              {created.username}
            </Link>{" "}
            with external ID <code className="break-all">{created.external_id}</code>.
          </>
        ) : null}
      </p>
      <Dialog open={open} onClose={() => setOpen(false)} title="Create the user a token maps to">
        <form noValidate onSubmit={onSubmit} className="space-y-4">
          <p>
            Exchanges map a token to the user whose external ID equals the token’s <code>{matchClaim}</code> claim (this
            integration’s match claim).
          </p>
          {problem ? <Alert>{problem}</Alert> : null}
          <Field
            label="External ID"
            name="external_id"
            defaultValue={externalId}
            autoComplete="off"
            spellCheck={false}
            hint={`The token’s value of ${matchClaim}, exactly.`}
            error={errors.external_id}
          />
          <Field
            label="Username"
            name="username"
            defaultValue={externalId ? usernameFor(externalId) : ""}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            error={errors.username}
          />
          <SelectField label="Role" name="user_role" defaultValue="publisher" options={ROLE_OPTIONS} error={errors.user_role} />
          <Checkbox
            name="service_user"
            defaultChecked={serviceUser}
            label="Service user"
            hint="For a pipeline or workload: it gets keys only by token exchange and cannot sign in to the dashboard, by password or single sign-on."
          />
          <div className="flex flex-wrap justify-end gap-3">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create user"}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
