"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import type { FieldErrors } from "@/components/forms/field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { clientFieldErrors, messageOf, serverFieldErrors, showFieldErrors } from "@/components/users/forms";
import { SelectField } from "@/components/users/select-field";
import { createKeySchema } from "@/lib/keys/schema";
import { createKeyMutation, type CreatedApiKey } from "@/lib/keys/queries";

const LABELS = { name: "Name", expires_in: "Expires" };
const DAY = 86400;
const EXPIRY_OPTIONS = [
  { value: "", label: "Never" },
  { value: String(DAY), label: "In 1 day" },
  { value: String(7 * DAY), label: "In 7 days" },
  { value: String(30 * DAY), label: "In 30 days" },
  { value: String(90 * DAY), label: "In 90 days" },
  { value: String(365 * DAY), label: "In 1 year" },
];

export function CreateKeyForm({ userGuid, onCreated }: { userGuid: string; onCreated: (key: CreatedApiKey) => void }) {
  const create = useMutation(createKeyMutation(userGuid));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setProblem(undefined);
    const data = new FormData(form);
    const expiresIn = String(data.get("expires_in") ?? "");
    const parsed = createKeySchema.safeParse({
      name: String(data.get("name") ?? ""),
      expires_in: expiresIn ? Number(expiresIn) : undefined,
    });
    if (!parsed.success) {
      showFieldErrors(form, () => setErrors(clientFieldErrors(parsed.error.issues, LABELS)));
      return;
    }
    setErrors({});
    try {
      const created = await create.mutateAsync(parsed.data);
      form.reset();
      onCreated(created);
    } catch (err) {
      const fields = serverFieldErrors(err, LABELS);
      if (fields) {
        showFieldErrors(form, () => setErrors(fields));
      } else setProblem(messageOf(err, "Could not create the key."));
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="create-key-heading" className="space-y-4">
      <h2 id="create-key-heading" className="text-lg font-semibold text-slate-900">
        Create an API key
      </h2>
      {problem && <Alert>{problem}</Alert>}
      <div className="grid max-w-2xl gap-4 sm:grid-cols-2">
        <Field
          label="Name"
          name="name"
          autoComplete="off"
          hint="What the key is for, e.g. “laptop” or “CI deploys”."
          required
          error={errors.name}
        />
        <SelectField label="Expires" name="expires_in" defaultValue="" options={EXPIRY_OPTIONS} error={errors.expires_in} />
      </div>
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating key…" : "Create key"}
      </Button>
    </form>
  );
}
