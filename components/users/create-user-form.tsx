"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import type { FieldErrors } from "@/components/forms/field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { createUserSchema } from "@/lib/users/schema";
import { createUserMutation, type ApiUser } from "@/lib/users/queries";
import { clientFieldErrors, messageOf, serverFieldErrors, showFieldErrors } from "./forms";
import { ROLE_OPTIONS } from "./roles";
import { SelectField } from "./select-field";

const LABELS = {
  username: "Username",
  email: "Email",
  first_name: "First name",
  last_name: "Last name",
  user_role: "Role",
  external_id: "External ID",
  password: "Password",
};

/** Empty optional fields are left out rather than sent as "". */
function inputOf(form: HTMLFormElement) {
  const value = (name: string) => String(new FormData(form).get(name) ?? "");
  return {
    username: value("username"),
    email: value("email").trim(),
    first_name: value("first_name"),
    last_name: value("last_name"),
    user_role: value("user_role"),
    external_id: value("external_id").trim() || undefined,
    password: value("password") || undefined,
  };
}

export function CreateUserForm({
  uniqueIdClaim,
  onCreated,
  onCancel,
}: {
  uniqueIdClaim: string;
  onCreated: (user: ApiUser) => void;
  onCancel: () => void;
}) {
  const create = useMutation(createUserMutation());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string>();
  const formRef = useRef<HTMLFormElement>(null);

  // Opened by a button: move focus into the form.
  useEffect(() => {
    formRef.current?.querySelector("input")?.focus();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setProblem(undefined);
    const parsed = createUserSchema.safeParse(inputOf(form));
    if (!parsed.success) {
      showFieldErrors(form, () => setErrors(clientFieldErrors(parsed.error.issues, LABELS)));
      return;
    }
    setErrors({});
    try {
      onCreated(await create.mutateAsync(parsed.data));
    } catch (err) {
      const fields = serverFieldErrors(err, LABELS);
      if (fields) {
        showFieldErrors(form, () => setErrors(fields));
      } else setProblem(messageOf(err, "Could not create the user."));
    }
  }

  return (
    <Card>
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby="create-user-heading" className="space-y-5">
        <h2 id="create-user-heading" className="text-lg font-semibold text-slate-900">
          Create a user
        </h2>
        {problem && <Alert>{problem}</Alert>}
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            label="Username"
            name="username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            error={errors.username}
          />
          <Field label="Email" name="email" type="email" autoComplete="off" optional error={errors.email} />
          <Field label="First name" name="first_name" autoComplete="off" optional error={errors.first_name} />
          <Field label="Last name" name="last_name" autoComplete="off" optional error={errors.last_name} />
          <SelectField label="Role" name="user_role" defaultValue="viewer" options={ROLE_OPTIONS} error={errors.user_role} />
          <Field
            label="External ID"
            name="external_id"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            optional
            hint={`The user’s ID at your identity provider: the value of the token’s ${uniqueIdClaim} claim.`}
            error={errors.external_id}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            optional
            hint="Only for signing in with a password, at least 10 characters. Leave it empty for single sign-on users."
            error={errors.password}
          />
        </div>
        <div className="flex flex-wrap gap-3">
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating user…" : "Create user"}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
