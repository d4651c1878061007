// The standard OAuth face of the exchange: RFC 8414 metadata and RFC 6749 §5.2 errors.
import type { NextRequest } from "next/server";
import { publicOrigin } from "@/lib/http/origin";
import { log } from "@/lib/log";
import { FederationError, type Reason } from "./reasons";
import { ACCESS_TOKEN_TYPE, API_KEY_TOKEN_TYPE, ID_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./request";

/** access_token first: a standards client asking for nothing in particular gets a bearer token. */
export const OAUTH_ISSUED_TYPES = [ACCESS_TOKEN_TYPE, API_KEY_TOKEN_TYPE] as const;

export function authorizationServerMetadata(req: NextRequest) {
  const issuer = publicOrigin(req);
  return {
    issuer,
    token_endpoint: `${issuer}/oauth/token`,
    grant_types_supported: [TOKEN_EXCHANGE_GRANT],
    token_endpoint_auth_methods_supported: ["none"],
    subject_token_types_supported: [ID_TOKEN_TYPE],
    issued_token_types_supported: [...OAUTH_ISSUED_TYPES],
  };
}

const OAUTH_ERROR: Partial<Record<Reason, string>> = {
  invalid_request: "invalid_request",
  malformed_token: "invalid_request",
  unsupported_grant_type: "unsupported_grant_type",
  unsupported_token_type: "invalid_request",
  ambiguous_integration: "invalid_target",
  federation_disabled: "unauthorized_client",
  rate_limited: "slow_down",
};

export function oauthErrorResponse(err: unknown): Response {
  if (!(err instanceof FederationError)) {
    log.error("token endpoint failed", { error: String(err) });
    return Response.json({ error: "server_error", error_description: "Internal server error." }, { status: 500 });
  }
  const unavailable = err.status === 503;
  const error = unavailable ? "temporarily_unavailable" : (OAUTH_ERROR[err.reason] ?? "invalid_grant");
  const status = unavailable ? 503 : err.reason === "rate_limited" ? 429 : 400;
  return Response.json(
    { error, error_description: err.message, reason: err.reason },
    { status, headers: { "cache-control": "no-store" } },
  );
}
