import type { ZodError } from "zod";

export type FieldErrors = Partial<Record<string, string>>;

/** The first problem of each field, keyed by field name (the server's `payload.fields` has the same shape). */
export function fieldErrorsOf(issues: ZodError["issues"] | Array<{ field: string; message: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = "field" in issue ? issue.field : issue.path.join(".");
    errors[field] ??= issue.message;
  }
  return errors;
}
