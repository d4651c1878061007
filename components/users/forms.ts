// Form helpers of the System pages: field errors as sentences that name their field
// (from the shared schema in the browser, and from the server's refusal), and focus
// moves that wait for React to render what they focus.
import { flushSync } from "react-dom";
import type { ZodError } from "zod";
import { fieldErrorsOf, type FieldErrors } from "@/components/forms/field-errors";
import { focusFirstInvalid } from "@/components/forms/focus";
import { ApiError } from "@/lib/http/api-client";

export type FieldLabels = Record<string, string>;

function labelled(errors: FieldErrors, labels: FieldLabels): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, `${labels[field] ?? field} ${message}`]));
}

/** "Email must be an email address", from zod's "must be an email address". */
export function clientFieldErrors(issues: ZodError["issues"], labels: FieldLabels): FieldErrors {
  return labelled(fieldErrorsOf(issues), labels);
}

/**
 * The server's field errors: a validation list (`payload.fields`, zod's words) or a
 * conflict naming one field (`payload.field`, a whole sentence). Undefined when none.
 */
export function serverFieldErrors(err: unknown, labels: FieldLabels): FieldErrors | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.fields.length) return labelled(fieldErrorsOf(err.fields), labels);
  const field = err.payload.field;
  return typeof field === "string" ? { [field]: err.message } : undefined;
}

export function messageOf(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

/**
 * Renders the errors now, then focuses the first invalid field. After an await React
 * would render later, and the focus could look for the errors before they exist.
 */
export function showFieldErrors(form: HTMLFormElement, render: () => void) {
  flushSync(render);
  focusFirstInvalid(form);
}

/** Renders the state change now, then focuses the element with that id (e.g. the button that opened a closed form). */
export function renderThenFocus(render: () => void, id: string) {
  flushSync(render);
  document.getElementById(id)?.focus();
}
