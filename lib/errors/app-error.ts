// Typed errors thrown by services. One mapping (lib/http/respond.ts) turns them
// into HTTP responses; nothing else builds error JSON.

export type ErrorKind =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

export const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

// Connect's numeric error codes where it has one; ours start at 1000.
const CONNECT_CODE: Record<ErrorKind, number> = {
  bad_request: 3,
  unauthorized: 14,
  forbidden: 13,
  not_found: 4,
  method_not_allowed: 1004,
  conflict: 18,
  payload_too_large: 1001,
  rate_limited: 1002,
  unavailable: 1003,
  internal: 1000,
};

export type FieldError = { field: string; message: string };

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly payload: Record<string, unknown> = {},
    /** Response headers the error implies, such as Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return STATUS[this.kind];
  }
  get code(): number {
    return CONNECT_CODE[this.kind];
  }
}

export const badRequest = (message: string, payload?: Record<string, unknown>) =>
  new AppError("bad_request", message, payload);
export const notFound = (what: string) => new AppError("not_found", `${what} not found.`);
export const forbidden = (message = "You do not have permission to perform this operation.", payload?: Record<string, unknown>) =>
  new AppError("forbidden", message, payload);
export const unauthorized = (message = "Authentication required.") => new AppError("unauthorized", message);
export const conflict = (message: string, payload?: Record<string, unknown>) =>
  new AppError("conflict", message, payload);

export function validationError(fields: FieldError[]): AppError {
  const list = fields.map((f) => `${f.field}: ${f.message}`).join("; ");
  return new AppError("bad_request", `Invalid request: ${list}`, { fields });
}
