// The integration form's state: what the inputs hold (strings, booleans, lists),
// turned into the config the shared schema validates and the API stores.
import type { ZodError } from "zod";
import { fieldErrorsOf, type FieldErrors } from "@/components/forms/field-errors";
import { ApiError } from "@/lib/http/api-client";
import type { Template, TemplateField } from "@/lib/federation/queries";

export type ClaimType = "string" | "number" | "boolean";
export type ClaimDraft = { claim: string; type: ClaimType; value: string };
export type DraftValue = string | boolean | string[] | ClaimDraft[];
export type ConfigDraft = Record<string, DraftValue>;

function claimDraftOf(entry: unknown): ClaimDraft {
  const { claim, value } = (entry ?? {}) as { claim?: unknown; value?: unknown };
  const type: ClaimType = typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string";
  return { claim: typeof claim === "string" ? claim : "", type, value: value === undefined ? "" : String(value) };
}

/** The inputs' starting values: the stored config where there is one, else the template's defaults. */
export function draftOf(template: Template, config: Record<string, unknown> = {}): ConfigDraft {
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
        draft[field.key] = Array.isArray(value) ? value.map(claimDraftOf) : [];
        break;
      default:
        draft[field.key] = value === null || value === undefined ? "" : String(value);
    }
  }
  return draft;
}

function claimValue({ type, value }: ClaimDraft): string | number | boolean {
  if (type === "boolean") return value === "true";
  if (type === "number") return value.trim() === "" ? Number.NaN : Number(value);
  return value;
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
      config[field.key] = (value as ClaimDraft[]).map((c) => ({ claim: c.claim, value: claimValue(c) }));
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
  const claim = /^config\.required_claims\.(\d+)\.(claim|value)/.exec(key);
  if (claim) return `Required claim ${Number(claim[1]) + 1}: ${claim[2] === "claim" ? "the claim name" : "the value"}`;
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
    .filter(([key]) => !keys.has(key) && !/^config\.required_claims\.\d+\.(claim|value)$/.test(key))
    .map(([, message]) => message ?? "");
}

export function errorFor(errors: FieldErrors, field: TemplateField): string | undefined {
  return errors[`config.${field.key}`];
}
