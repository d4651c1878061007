"use client";

import { useId } from "react";
import type { FieldErrors } from "@/components/forms/field-errors";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { TemplateField } from "@/lib/federation/queries";
import { errorFor, type ClaimDraft, type ClaimType, type DraftValue } from "./config-draft";

type FieldProps<V extends DraftValue> = {
  field: TemplateField;
  value: V;
  onChange: (value: V) => void;
  errors: FieldErrors;
};

/** One input generated from a template field, by its type. */
export function ConfigField({ field, value, onChange, errors }: FieldProps<DraftValue>) {
  switch (field.type) {
    case "boolean":
      return <BooleanField field={field} value={value as boolean} onChange={onChange} errors={errors} />;
    case "string[]":
      return <ChoicesField field={field} value={value as string[]} onChange={onChange} errors={errors} />;
    case "claims":
      return <ClaimsField field={field} value={value as ClaimDraft[]} onChange={onChange} errors={errors} />;
    default:
      return (
        <Field
          name={field.key}
          label={field.name}
          hint={field.description}
          error={errorFor(errors, field)}
          optional={!field.required}
          type={field.type === "integer" ? "number" : field.type === "url" ? "url" : "text"}
          inputMode={field.type === "integer" ? "numeric" : undefined}
          step={field.type === "integer" ? 1 : undefined}
          min={field.type === "integer" ? 0 : undefined}
          placeholder={field.key === "issuer" ? "https://login.example.com" : defaultPlaceholder(field)}
          autoComplete="off"
          spellCheck={false}
          value={value as string}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

function defaultPlaceholder(field: TemplateField): string | undefined {
  return field.default === undefined || field.default === null ? undefined : `Default: ${String(field.default)}`;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="text-sm font-medium text-red-700">
      {message}
    </p>
  );
}

function BooleanField({ field, value, onChange, errors }: FieldProps<boolean>) {
  const id = useId();
  const error = errorFor(errors, field);
  return (
    <div className="space-y-1">
      <Checkbox
        id={id}
        name={field.key}
        label={field.name}
        hint={field.description}
        checked={value}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function ChoicesField({ field, value, onChange, errors }: FieldProps<string[]>) {
  const id = useId();
  const error = errorFor(errors, field);
  const options = field.options ?? [];
  const toggle = (option: string, on: boolean) =>
    // Keep the template's order, whatever the order of clicks.
    onChange(options.filter((o) => (o === option ? on : value.includes(o))));
  return (
    <fieldset className="space-y-2" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}>
      <legend className="text-sm font-medium text-slate-900">{field.name}</legend>
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        {field.description}
      </p>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {options.map((option) => (
          <Checkbox
            key={option}
            name={field.key}
            value={option}
            label={option}
            checked={value.includes(option)}
            aria-invalid={error ? true : undefined}
            onChange={(e) => toggle(option, e.target.checked)}
          />
        ))}
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}

const CLAIM_TYPES: Array<{ value: ClaimType; label: string }> = [
  { value: "string", label: "Text" },
  { value: "boolean", label: "true / false" },
  { value: "number", label: "Number" },
];

/** Rows of "claim equals value", with the value's JSON type chosen explicitly (true is not "true"). */
function ClaimsField({ field, value, onChange, errors }: FieldProps<ClaimDraft[]>) {
  const id = useId();
  const error = errorFor(errors, field);
  const update = (index: number, patch: Partial<ClaimDraft>) =>
    onChange(value.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="space-y-3" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}>
      <legend className="text-sm font-medium text-slate-900">
        {field.name} <span className="font-normal text-slate-600">(optional)</span>
      </legend>
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        {field.description}
      </p>
      {value.length === 0 ? <p className="text-sm text-slate-700">No required claims.</p> : null}
      <ol className="space-y-3">
        {value.map((row, index) => {
          const rowId = `${id}-${index}`;
          const claimError = errors[`config.required_claims.${index}.claim`];
          const valueError = errors[`config.required_claims.${index}.value`];
          return (
            <li key={index} className="rounded-md border border-slate-200 p-3">
              <div className="grid gap-3 sm:grid-cols-[1fr_10rem_1fr_auto] sm:items-end">
                <div className="space-y-1">
                  <Label htmlFor={`${rowId}-claim`}>
                    Claim<span className="sr-only"> of required claim {index + 1}</span>
                  </Label>
                  <Input
                    id={`${rowId}-claim`}
                    value={row.claim}
                    placeholder="email_verified"
                    autoComplete="off"
                    spellCheck={false}
                    aria-invalid={claimError ? true : undefined}
                    aria-describedby={claimError ? `${rowId}-claim-error` : undefined}
                    onChange={(e) => update(index, { claim: e.target.value })}
                  />
                </div>
                <div className="space-y-1">
                  <Label htmlFor={`${rowId}-type`}>
                    Type<span className="sr-only"> of required claim {index + 1}</span>
                  </Label>
                  <Select
                    id={`${rowId}-type`}
                    value={row.type}
                    onChange={(e) => {
                      const type = e.target.value as ClaimType;
                      update(index, { type, value: type === "boolean" ? "true" : row.type === "boolean" ? "" : row.value });
                    }}
                  >
                    {CLAIM_TYPES.map((t) => (
                      <option key={t.value} value={t.value}>
                        {t.label}
                      </option>
                    ))}
                  </Select>
                </div>
                <div className="space-y-1">
                  <Label htmlFor={`${rowId}-value`}>
                    Must equal<span className="sr-only"> (required claim {index + 1})</span>
                  </Label>
                  {row.type === "boolean" ? (
                    <Select id={`${rowId}-value`} value={row.value} onChange={(e) => update(index, { value: e.target.value })}>
                      <option value="true">true</option>
                      <option value="false">false</option>
                    </Select>
                  ) : (
                    <Input
                      id={`${rowId}-value`}
                      value={row.value}
                      type={row.type === "number" ? "number" : "text"}
                      autoComplete="off"
                      spellCheck={false}
                      aria-invalid={valueError ? true : undefined}
                      aria-describedby={valueError ? `${rowId}-value-error` : undefined}
                      onChange={(e) => update(index, { value: e.target.value })}
                    />
                  )}
                </div>
                <Button variant="secondary" onClick={() => onChange(value.filter((_, i) => i !== index))}>
                  Remove<span className="sr-only"> required claim {index + 1}</span>
                </Button>
              </div>
              <FieldError id={`${rowId}-claim-error`} message={claimError} />
              <FieldError id={`${rowId}-value-error`} message={valueError} />
            </li>
          );
        })}
      </ol>
      <Button variant="secondary" onClick={() => onChange([...value, { claim: "", type: "string", value: "" }])}>
        Add a required claim
      </Button>
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}
