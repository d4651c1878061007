// Step 1: the exchange request (RFC 8693 form fields, as Posit's clients send them).
import { AppError } from "@/lib/errors/app-error";
import { readBoundedText } from "@/lib/http/respond";
import { reject } from "./reasons";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const API_KEY_TOKEN_TYPE = "urn:posit:connect:api-key";
export const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
export const MAX_TOKEN_BYTES = 16 * 1024;
const MAX_BODY_BYTES = 64 * 1024;

export type ExchangeRequest = {
  subjectToken: string;
  audience?: string;
  requestedTokenType: string;
};

/** Reads and checks the form. `accepted` lists the requested_token_type values this endpoint issues. */
export async function parseExchangeRequest(req: Request, accepted: readonly string[]): Promise<ExchangeRequest> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw reject("invalid_request", "Send the fields form-encoded (Content-Type: application/x-www-form-urlencoded).");
  }
  let text: string;
  try {
    text = await readBoundedText(req, MAX_BODY_BYTES);
  } catch (err) {
    // Too large, or cut off: the client's request is at fault either way.
    if (err instanceof AppError) throw reject("invalid_request", err.message);
    throw err;
  }
  const form = new URLSearchParams(text);
  for (const name of ["grant_type", "subject_token", "subject_token_type", "requested_token_type", "audience"]) {
    if (form.getAll(name).length > 1) throw reject("invalid_request", `${name} is given more than once.`);
  }
  const grant = form.get("grant_type");
  if (!grant) throw reject("invalid_request", "grant_type is required.");
  if (grant !== TOKEN_EXCHANGE_GRANT) throw reject("unsupported_grant_type", `Got "${grant.slice(0, 100)}".`);
  const subjectToken = form.get("subject_token");
  if (!subjectToken) throw reject("invalid_request", "subject_token is required.");
  if (Buffer.byteLength(subjectToken) > MAX_TOKEN_BYTES) {
    throw reject("invalid_request", `subject_token exceeds ${MAX_TOKEN_BYTES} bytes.`);
  }
  const subjectType = form.get("subject_token_type");
  if (subjectType !== ID_TOKEN_TYPE) {
    throw reject("unsupported_token_type", subjectType ? `Got "${subjectType.slice(0, 100)}".` : "subject_token_type is required.");
  }
  const requestedTokenType = form.get("requested_token_type") ?? accepted[0];
  if (!accepted.includes(requestedTokenType)) {
    throw reject("unsupported_token_type", `This endpoint issues ${accepted.join(" or ")}.`);
  }
  const audience = form.get("audience") ?? undefined;
  return { subjectToken, audience: audience || undefined, requestedTokenType };
}
