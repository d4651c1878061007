"use client";

import { useId } from "react";
import type { FieldErrors } from "@/components/forms/field-errors";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { SelectField } from "@/components/users/select-field";
import type { TemplateField } from "@/lib/federation/queries";
import { CLAIM_OPERATORS, type ClaimOperator } from "@/lib/federation/schema";
import { errorFor, type ClaimDraft, type ClaimType, type DraftValue } from "./config-draft";

type FieldProps<V extends DraftValue> = {
  field: TemplateField;
  value: V;
  onChange: (value: V) => void;
  errors: FieldErrors;
};

/** One input generated from a template field, by its type; a preset's note on the field comes first in its hint. */
export function ConfigField({ field: templateField, note, value, onChange, errors }: FieldProps<DraftValue> & { note?: string }) {
  const field = note ? { ...templateField, description: `${note} ${templateField.description}` } : templateField;
  switch (field.type) {
    case "boolean":
      return <BooleanField field={field} value={value as boolean} onChange={onChange} errors={errors} />;
    case "string[]":
      return <ChoicesField field={field} value={value as string[]} onChange={onChange} errors={errors} />;
    case "claims":
      return <ClaimsField field={field} value={value as ClaimDraft[]} onChange={onChange} errors={errors} />;
    case "choice":
      return (
        <SelectField
          name={field.key}
          label={field.name}
          hint={field.description}
          error={errorFor(errors, field)}
          options={(field.options ?? []).map((o) => ({ value: o, label: o }))}
          value={value as string}
          onChange={(e) => onChange(e.target.value)}
        />
      );
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

const OPERATORS: Record<ClaimOperator, { label: string; value: string; hint?: string }> = {
  equals: { label: "equals", value: "Must equal" },
  one_of: { label: "is one of", value: "One of (one value per line)" },
  glob: {
    label: "matches (glob)",
    value: "Pattern",
    hint: "The whole value must match. * matches any run of characters except / and :, ** any run, ? one character; everything else matches itself.",
  },
  contains: { label: "contains (array claim)", value: "Must contain", hint: "The claim must be an array (such as groups) with this item." },
  exists: { label: "is present", value: "" },
};

/** Rows of "claim operator value", with the value's JSON type chosen explicitly (true is not "true"). */
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
          const operatorError = errors[`config.required_claims.${index}.operator`];
          // A one_of list's errors are per item (value.0, value.1…): the row shows the first.
          const valueKey = `config.required_claims.${index}.value`;
          const valueError = errors[valueKey] ?? Object.entries(errors).find(([k]) => k.startsWith(`${valueKey}.`))?.[1];
          const operator = OPERATORS[row.operator];
          const typed = row.operator !== "glob" && row.operator !== "exists";
          const valueDescribedBy = [operator.hint && `${rowId}-operator-hint`, valueError && `${rowId}-value-error`].filter(Boolean).join(" ");
          return (
            <li key={index} className="space-y-2 rounded-md border border-slate-200 p-3">
              {row.note ? (
                <p id={`${rowId}-note`} className="text-sm text-slate-700">
                  {row.note}
                </p>
              ) : null}
              <div className="grid gap-3 sm:grid-cols-[1fr_11rem_8rem_1fr_auto] sm:items-end">
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
                    aria-describedby={[row.note && `${rowId}-note`, claimError && `${rowId}-claim-error`].filter(Boolean).join(" ") || undefined}
                    onChange={(e) => update(index, { claim: e.target.value })}
                  />
                </div>
                <div className="space-y-1">
                  <Label htmlFor={`${rowId}-operator`}>
                    Condition<span className="sr-only"> of required claim {index + 1}</span>
                  </Label>
                  <Select
                    id={`${rowId}-operator`}
                    value={row.operator}
                    aria-invalid={operatorError ? true : undefined}
                    onChange={(e) => {
                      const next = e.target.value as ClaimOperator;
                      update(index, {
                        operator: next,
                        ...(next === "exists" ? { value: "" } : {}),
                        ...(next === "glob" ? { type: "string" as const } : {}),
                      });
                    }}
                  >
                    {CLAIM_OPERATORS.map((o) => (
                      <option key={o} value={o}>
                        {OPERATORS[o].label}
                      </option>
                    ))}
                  </Select>
                </div>
                <div className="space-y-1">
                  {typed ? (
                    <>
                      <Label htmlFor={`${rowId}-type`}>
                        Type<span className="sr-only"> of required claim {index + 1}</span>
                      </Label>
                      <Select
                        id={`${rowId}-type`}
                        value={row.type}
                        onChange={(e) => {
                          const type = e.target.value as ClaimType;
                          const single = row.operator !== "one_of";
                          update(index, { type, value: type === "boolean" && single ? "true" : row.type === "boolean" && single ? "" : row.value });
                        }}
                      >
                        {CLAIM_TYPES.map((t) => (
                          <option key={t.value} value={t.value}>
                            {t.label}
                          </option>
                        ))}
                      </Select>
                    </>
                  ) : null}
                </div>
                <div className="space-y-1">
                  {row.operator === "exists" ? null : (
                    <>
                      <Label htmlFor={`${rowId}-value`}>
                        {operator.value}
                        <span className="sr-only"> (required claim {index + 1})</span>
                      </Label>
                      {row.operator === "one_of" ? (
                        <Textarea
                          id={`${rowId}-value`}
                          rows={3}
                          value={row.value}
                          spellCheck={false}
                          aria-invalid={valueError ? true : undefined}
                          aria-describedby={valueDescribedBy || undefined}
                          onChange={(e) => update(index, { value: e.target.value })}
                        />
                      ) : row.type === "boolean" && typed ? (
                        <Select id={`${rowId}-value`} value={row.value} onChange={(e) => update(index, { value: e.target.value })}>
                          <option value="true">true</option>
                          <option value="false">false</option>
                        </Select>
                      ) : (
                        <Input
                          id={`${rowId}-value`}
                          value={row.value}
                          type={row.type === "number" && typed ? "number" : "text"}
                          autoComplete="off"
                          spellCheck={false}
                          aria-invalid={valueError ? true : undefined}
                          aria-describedby={valueDescribedBy || undefined}
                          onChange={(e) => update(index, { value: e.target.value })}
                        />
                      )}
                    </>
                  )}
                </div>
                <Button variant="secondary" onClick={() => onChange(value.filter((_, i) => i !== index))}>
                  Remove<span className="sr-only"> required claim {index + 1}</span>
                </Button>
              </div>
              {operator.hint ? (
                <p id={`${rowId}-operator-hint`} className="text-sm text-slate-600">
                  {operator.hint}
                </p>
              ) : null}
              <FieldError id={`${rowId}-claim-error`} message={claimError} />
              <FieldError id={`${rowId}-operator-error`} message={operatorError} />
              <FieldError id={`${rowId}-value-error`} message={valueError} />
            </li>
          );
        })}
      </ol>
      <Button variant="secondary" onClick={() => onChange([...value, { claim: "", operator: "equals", type: "string", value: "" }])}>
        Add a required claim
      </Button>
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}
