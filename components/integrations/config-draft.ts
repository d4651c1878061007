// The integration form's state: what the inputs hold (strings, booleans, lists),
// turned into the config the shared schema validates and the API stores.
import type { ZodError } from "zod";
import { fieldErrorsOf, type FieldErrors } from "@/components/forms/field-errors";
import { ApiError } from "@/lib/http/api-client";
import type { Template, TemplateField, TemplatePreset } from "@/lib/federation/queries";
import { CLAIM_OPERATORS, type ClaimOperator } from "@/lib/federation/schema";

export type ClaimType = "string" | "number" | "boolean";
/** One condition row. A one_of row holds its values one per line; a glob's and an exists' type is unused. */
export type ClaimDraft = { claim: string; operator: ClaimOperator; type: ClaimType; value: string; note?: string };
export type DraftValue = string | boolean | string[] | ClaimDraft[];
export type ConfigDraft = Record<string, DraftValue>;

const typeOf = (value: unknown): ClaimType => (typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string");

function claimDraftOf(entry: unknown, note?: string): ClaimDraft {
  const { claim, operator, value } = (entry ?? {}) as { claim?: unknown; operator?: unknown; value?: unknown };
  const op = CLAIM_OPERATORS.find((o) => o === operator) ?? "equals";
  const list = Array.isArray(value) ? value : undefined;
  return {
    claim: typeof claim === "string" ? claim : "",
    operator: op,
    type: typeOf(list ? list[0] : value),
    value: list ? list.map(String).join("\n") : value === undefined || value === null ? "" : String(value),
    ...(note ? { note } : {}),
  };
}

/**
 * The inputs' starting values: the stored config where there is one, else the
 * template's defaults. A preset's conditions carry its explanation of each.
 */
export function draftOf(template: Template, config: Record<string, unknown> = {}, preset?: TemplatePreset): ConfigDraft {
  const draft: ConfigDraft = {};
  for (const field of template.fields) {
    const value = field.key in config ? config[field.key] : field.default;
    switch (field.type) {
      case "boolean":
        draft[field.key] = value === true;
        break;
      case "string[]":
        draft[field.key] = Array.isArray(value) ? value.map(String) : [];
        break;
      case "claims":
        draft[field.key] = Array.isArray(value) ? value.map((c, i) => claimDraftOf(c, preset?.conditions_help[i])) : [];
        break;
      default:
        draft[field.key] = value === null || value === undefined ? "" : String(value);
    }
  }
  return draft;
}

function scalarOf(type: ClaimType, value: string): string | number | boolean {
  if (type === "boolean") return value.trim() === "true";
  if (type === "number") return value.trim() === "" ? Number.NaN : Number(value);
  return value;
}

/** The condition as the API stores it; the shared schema then judges it. */
function conditionOf({ claim, operator, type, value }: ClaimDraft): Record<string, unknown> {
  switch (operator) {
    case "exists":
      return { claim, operator };
    case "glob":
      return { claim, operator, value };
    case "one_of":
      return {
        claim,
        operator,
        value: value
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => scalarOf(type, line)),
      };
    default:
      return { claim, operator, value: scalarOf(type, value) };
  }
}

/**
 * The config to validate and send. An emptied optional field falls back to the
 * template's default (null where the default is "none"), as the API would.
 */
export function configOf(template: Template, draft: ConfigDraft): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of template.fields) {
    const value = draft[field.key];
    if (field.type === "boolean" || field.type === "string[]") {
      config[field.key] = value;
    } else if (field.type === "claims") {
      config[field.key] = (value as ClaimDraft[]).map(conditionOf);
    } else if (typeof value === "string" && value.trim() === "" && !field.required) {
      if (field.default === null) config[field.key] = null;
    } else if (field.type === "integer") {
      config[field.key] = Number(value);
    } else {
      config[field.key] = value;
    }
  }
  return config;
}

/** Field labels for messages: "Issuer must be an absolute http(s) URL". */
export function labelsOf(template: Template): Record<string, string> {
  const labels: Record<string, string> = { name: "Name", description: "Description" };
  for (const field of template.fields) labels[`config.${field.key}`] = field.name;
  return labels;
}

function labelFor(key: string, labels: Record<string, string>): string {
  const claim = /^config\.required_claims\.(\d+)\.(claim|operator|value)/.exec(key);
  if (claim) return `Required claim ${Number(claim[1]) + 1}: the ${claim[2] === "claim" ? "claim name" : claim[2]}`;
  return labels[key] ?? key;
}

/** zod's own messages ("Invalid input…") read better after a colon; ours continue the label. */
function sentence(key: string, message: string, labels: Record<string, string>): string {
  const label = labelFor(key, labels);
  return /^[a-z]/.test(message) ? `${label} ${message}` : `${label}: ${message}`;
}

function labelled(errors: FieldErrors, labels: Record<string, string>): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, sentence(key, message ?? "", labels)]));
}

/** Client-side issues, keyed like the server's (`config.issuer`); `prefix` for a bare config schema. */
export function clientErrors(issues: ZodError["issues"], labels: Record<string, string>, prefix = ""): FieldErrors {
  const keyed = fieldErrorsOf(issues.map((i) => ({ field: `${prefix}${i.path.join(".")}`, message: i.message })));
  return labelled(keyed, labels);
}

/**
 * The server's field list, keyed like the form. The pre-save check validates a
 * bare config (paths like `issuer`), create and update the whole body (`config.issuer`).
 */
export function serverErrors(err: unknown, labels: Record<string, string>, bareConfig = false): FieldErrors | undefined {
  if (!(err instanceof ApiError) || err.fields.length === 0) return undefined;
  const fields = err.fields.map(({ field, message }) => ({
    field: bareConfig && !field.startsWith("config.") && field !== "template" ? `config.${field}` : field,
    message,
  }));
  return labelled(fieldErrorsOf(fields), labels);
}

/** Errors the form has no input for (shown above the buttons instead). */
export function unplacedErrors(errors: FieldErrors, template: Template): string[] {
  const keys = new Set(["name", "description", ...template.fields.map((f) => `config.${f.key}`)]);
  return Object.entries(errors)
    .filter(([key]) => !keys.has(key) && !/^config\.required_claims\.\d+\.(claim|operator|value(\.\d+)?)$/.test(key))
    .map(([, message]) => message ?? "");
}

export function errorFor(errors: FieldErrors, field: TemplateField): string | undefined {
  return errors[`config.${field.key}`];
}

/**
 * Values a preset filled in that the administrator has not replaced yet
 * (ORG/REPO…): a form-only guard, since the API cannot tell a placeholder
 * from a value.
 */
export function placeholderErrors(preset: TemplatePreset | undefined, config: Record<string, unknown>, labels: Record<string, string>) {
  const errors: FieldErrors = {};
  if (!preset) return errors;
  const left = (v: unknown) => preset.placeholders.find((p) => JSON.stringify(v ?? "").includes(p));
  for (const [key, value] of Object.entries(config)) {
    if (key === "required_claims" && Array.isArray(value)) {
      value.forEach((c: { value?: unknown }, i) => {
        const p = left(c.value);
        if (p) errors[`config.required_claims.${i}.value`] = `still holds the placeholder ${p}: replace it with your own value`;
      });
    } else {
      const p = left(value);
      if (p) errors[`config.${key}`] = `still holds the placeholder ${p}: replace it with your own value`;
    }
  }
  return labelled(errors, labels);
}
