"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import type { FieldErrors } from "@/components/forms/field-errors";
import { focusFirstInvalid } from "@/components/forms/focus";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { configSchemaFor, createIntegrationSchema, updateIntegrationSchema } from "@/lib/federation/schema";
import { verifyConfigMutation, type HealthRecord, type Template, type TemplatePreset, type VerifyResult } from "@/lib/federation/queries";
import {
  clientErrors,
  configOf,
  draftOf,
  labelsOf,
  placeholderErrors,
  serverErrors,
  unplacedErrors,
  type ConfigDraft,
  type DraftValue,
} from "./config-draft";
import { ConfigField } from "./config-fields";
import { ConnectionResult } from "./connection-result";

export type IntegrationValues = { name: string; description: string; config: Record<string, unknown> };

type IntegrationFormProps = {
  template: Template;
  /** create: the whole body is validated as POST validates it; edit: as PATCH does. */
  mode: "create" | "edit";
  initial?: IntegrationValues;
  /** Create only: the preset whose values (and explanations) fill the form. */
  preset?: TemplatePreset;
  /** Edit only: the saved integration's last health check, which knows the provider's issuer. */
  lastCheck?: HealthRecord | null;
  submitLabel: string;
  pendingLabel: string;
  /**
   * Saves; an ApiError with field errors is shown beside the fields. `checked` is the
   * "Check connection" result of exactly these values, if one was run.
   */
  onSubmit: (values: IntegrationValues, checked?: VerifyResult) => Promise<unknown>;
  onCancel?: () => void;
};

/** The issuer the provider names, when it is not the one about to be saved: tokens carry the provider's. */
type IssuerWarning = { entered: string; provider: string; source: "check" | "last" };

function issuerWarningFor(
  issuer: unknown,
  checked: VerifyResult | undefined,
  lastCheck: HealthRecord | null | undefined,
  savedIssuer: unknown,
): IssuerWarning | undefined {
  if (typeof issuer !== "string") return undefined;
  if (checked) {
    const provider = checked.discovery.issuer;
    return provider !== undefined && provider !== issuer ? { entered: issuer, provider, source: "check" } : undefined;
  }
  // Without a check of the new value: what the last health check learned, when the issuer was edited.
  const provider = lastCheck?.discovery.issuer;
  if (provider === undefined || issuer === savedIssuer || provider === issuer) return undefined;
  return { entered: issuer, provider, source: "last" };
}

const messageOf = (err: unknown, fallback: string) => (err instanceof Error && err.message ? err.message : fallback);

/** Validates with the same schemas as the server, so the field errors are the ones it would give. */
function validate(mode: IntegrationFormProps["mode"], template: Template, values: IntegrationValues, labels: Record<string, string>) {
  if (mode === "create") {
    const parsed = createIntegrationSchema.safeParse({ template: template.id, ...values });
    return parsed.success
      ? { values: { name: parsed.data.name, description: parsed.data.description, config: parsed.data.config } }
      : { errors: clientErrors(parsed.error.issues, labels) };
  }
  const patch = updateIntegrationSchema.safeParse(values);
  const config = configSchemaFor(template.id).safeParse(values.config);
  if (patch.success && config.success) {
    return { values: { name: patch.data.name ?? "", description: patch.data.description ?? "", config: config.data } };
  }
  return {
    errors: {
      ...(config.success ? {} : clientErrors(config.error.issues, labels, "config.")),
      ...(patch.success ? {} : clientErrors(patch.error.issues, labels)),
    },
  };
}

/** The integration form, generated from the template's fields; advanced options folded away. */
export function IntegrationForm({
  template,
  mode,
  initial,
  preset,
  lastCheck,
  submitLabel,
  pendingLabel,
  onSubmit,
  onCancel,
}: IntegrationFormProps) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const labels = labelsOf(template);
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [draft, setDraft] = useState<ConfigDraft>(() => draftOf(template, initial?.config ?? preset?.config, preset));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [checked, setChecked] = useState<VerifyResult>();
  const [issuerWarning, setIssuerWarning] = useState<IssuerWarning>();
  // The issuer the administrator chose to save although the provider names another.
  const acknowledgedIssuer = useRef<string>(undefined);
  const verify = useMutation(verifyConfigMutation());

  const basic = template.fields.filter((f) => !f.advanced);
  const advanced = template.fields.filter((f) => f.advanced);
  const advancedHasError = advanced.some((f) => Object.keys(errors).some((k) => k.startsWith(`config.${f.key}`)));
  // What a preset filled in is shown, advanced options included.
  const [advancedOpen, setAdvancedOpen] = useState(() => advanced.some((f) => preset && f.key in preset.config));

  function showErrors(next: FieldErrors) {
    setErrors(next);
    if (advanced.some((f) => Object.keys(next).some((k) => k.startsWith(`config.${f.key}`)))) setAdvancedOpen(true);
    if (formRef.current) focusFirstInvalid(formRef.current);
  }

  function setField(key: string, value: DraftValue) {
    setDraft((d) => ({ ...d, [key]: value }));
    // A result describes the configuration it checked, not the edited one.
    setChecked(undefined);
    setIssuerWarning(undefined);
    verify.reset();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(undefined);
    const config = configOf(template, draft);
    const placeholders = placeholderErrors(preset, config, labels);
    const result = validate(mode, template, { name, description, config }, labels);
    if (!result.values) return showErrors({ ...placeholders, ...result.errors });
    if (Object.keys(placeholders).length) return showErrors(placeholders);
    setErrors({});
    const warning = issuerWarningFor(result.values.config.issuer, checked, lastCheck, initial?.config.issuer);
    if (warning && acknowledgedIssuer.current !== warning.entered) return setIssuerWarning(warning);
    setIssuerWarning(undefined);
    setSaving(true);
    try {
      await onSubmit(result.values, checked);
    } catch (err) {
      const fields = serverErrors(err, labels);
      if (fields) showErrors(fields);
      else setProblem(messageOf(err, "Could not save the integration."));
    } finally {
      setSaving(false);
    }
  }

  async function checkConnection() {
    setProblem(undefined);
    setChecked(undefined);
    const parsed = configSchemaFor(template.id).safeParse(configOf(template, draft));
    if (!parsed.success) return showErrors(clientErrors(parsed.error.issues, labels, "config."));
    setErrors({});
    try {
      setChecked(await verify.mutateAsync({ template: template.id, config: parsed.data }));
    } catch (err) {
      const fields = serverErrors(err, labels, true);
      if (fields) showErrors(fields);
    }
  }

  const leftovers = unplacedErrors(errors, template);

  return (
    <form ref={formRef} noValidate onSubmit={submit} className="space-y-6">
      <p className="text-sm text-slate-600">
        Fields not marked optional are required.
      </p>
      <div className="space-y-4">
        <Field
          name="name"
          label="Name"
          hint="How this integration appears in the dashboard and the audit log."
          error={errors.name}
          value={name}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
        />
        <div className="space-y-1">
          <Label htmlFor={`${id}-description`}>
            Description<span className="font-normal text-slate-600"> (optional)</span>
          </Label>
          <Textarea
            id={`${id}-description`}
            name="description"
            rows={2}
            value={description}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={errors.description ? `${id}-description-error` : undefined}
            onChange={(e) => setDescription(e.target.value)}
          />
          {errors.description ? (
            <p id={`${id}-description-error`} className="text-sm font-medium text-red-700">
              {errors.description}
            </p>
          ) : null}
        </div>
        {basic.map((field) => (
          <ConfigField
            key={field.key}
            field={field}
            note={preset?.help[field.key]}
            value={draft[field.key]}
            onChange={(v) => setField(field.key, v)}
            errors={errors}
          />
        ))}
      </div>

      {advanced.length ? (
        <details
          open={advancedOpen}
          onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}
          className="rounded-md border border-slate-200 bg-slate-50 p-4"
        >
          <summary className="cursor-pointer text-sm font-semibold text-slate-900">
            Advanced options
            {advancedHasError ? <span className="ml-2 font-medium text-red-700">(needs attention)</span> : null}
          </summary>
          <div className="mt-4 space-y-5">
            {advanced.map((field) => (
              <ConfigField
            key={field.key}
            field={field}
            note={preset?.help[field.key]}
            value={draft[field.key]}
            onChange={(v) => setField(field.key, v)}
            errors={errors}
          />
            ))}
          </div>
        </details>
      ) : null}

      {leftovers.length ? (
        <Alert>
          <ul className="list-disc space-y-1 pl-5">
            {leftovers.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {problem ? <Alert>{problem}</Alert> : null}
      {issuerWarning ? (
        <Alert tone="warning" className="space-y-2">
          <p>
            {issuerWarning.source === "check" ? "The identity provider’s discovery document" : "The last health check found that the identity provider"}{" "}
            names its issuer <code className="break-all">{issuerWarning.provider}</code>, but the Issuer field says{" "}
            <code className="break-all">{issuerWarning.entered}</code>. Tokens carry the provider’s issuer, so with this value every
            exchange would fail (unknown_issuer).
            {issuerWarning.source === "last" ? " Run Check connection to check the new value." : null}
          </p>
          <div className="flex flex-wrap gap-3">
            <Button variant="secondary" onClick={() => setField("issuer", issuerWarning.provider)}>
              Use the provider’s issuer
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                acknowledgedIssuer.current = issuerWarning.entered;
                formRef.current?.requestSubmit();
              }}
            >
              Save anyway
            </Button>
          </div>
        </Alert>
      ) : null}

      <div className="space-y-3">
        <div className="flex flex-wrap gap-3">
          <Button variant="secondary" onClick={() => void checkConnection()} disabled={verify.isPending}>
            {verify.isPending ? "Checking connection…" : "Check connection"}
          </Button>
          <Button type="submit" disabled={saving}>
            {saving ? pendingLabel : submitLabel}
          </Button>
          {onCancel ? (
            <Button variant="ghost" onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
        </div>
        <div aria-live="polite">
          {checked ? <ConnectionResult result={checked} title="Connection check" /> : null}
          {verify.error && !(verify.error as { fields?: unknown[] }).fields?.length ? (
            <Alert>Could not check the connection: {verify.error.message}</Alert>
          ) : null}
        </div>
      </div>
    </form>
  );
}
