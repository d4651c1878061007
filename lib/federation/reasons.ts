// Every way an exchange can fail: a stable reason code, its HTTP status, and a
// message that names what to check (SPEC §7).
import { AppError, type ErrorKind } from "@/lib/errors/app-error";

export const REASONS = {
  federation_disabled: {
    kind: "forbidden",
    message: "Identity federation is turned off. An administrator can enable EarlyAccess.IdentityFederation in System > Settings.",
  },
  rate_limited: { kind: "rate_limited", message: "Too many token exchanges from this address. Wait a minute and retry." },
  invalid_request: { kind: "bad_request", message: "The request is malformed." },
  unsupported_grant_type: {
    kind: "bad_request",
    message: "grant_type must be urn:ietf:params:oauth:grant-type:token-exchange.",
  },
  unsupported_token_type: {
    kind: "bad_request",
    message:
      "subject_token_type must be urn:ietf:params:oauth:token-type:id_token, and requested_token_type (if given) urn:posit:connect:api-key.",
  },
  malformed_token: {
    kind: "bad_request",
    message:
      "subject_token is not a well-formed signed JWT: header.payload.signature, with alg, kid, typ, iss and sub strings, aud a string or an array of strings, and exp, iat, nbf numbers of seconds between 1970 and 9999.",
  },
  unknown_issuer: {
    kind: "unauthorized",
    message:
      "No enabled integration has this issuer. The integration's issuer must equal the token's iss claim exactly, including any trailing slash.",
  },
  ambiguous_integration: {
    kind: "bad_request",
    message:
      "Several enabled integrations match this token's issuer and audience. Pass audience=<integration guid>, or give the integrations distinct client IDs.",
  },
  discovery_unreachable: {
    kind: "unavailable",
    message: "This server could not fetch <issuer>/.well-known/openid-configuration. Check that the issuer is reachable from this server.",
  },
  discovery_issuer_mismatch: {
    kind: "unauthorized",
    message: "The issuer's discovery document names a different issuer. The integration's issuer must equal the provider's issuer exactly.",
  },
  jwks_unreachable: { kind: "unavailable", message: "This server could not fetch the issuer's signing keys (jwks_uri)." },
  alg_not_allowed: {
    kind: "unauthorized",
    message: "The token's signing algorithm is not allowed. Only asymmetric algorithms in the integration's allow-list are accepted.",
  },
  kid_not_found: {
    kind: "unauthorized",
    message: "The token was signed with a key the issuer does not publish (unknown kid). Check that the token comes from this issuer.",
  },
  invalid_signature: { kind: "unauthorized", message: "The token's signature does not verify against the issuer's published keys." },
  claim_missing: { kind: "unauthorized", message: "The token lacks a required claim (exp and iat are required)." },
  token_expired: { kind: "unauthorized", message: "The token has expired. Obtain a fresh ID token and retry." },
  token_not_yet_valid: {
    kind: "unauthorized",
    message: "The token is not valid yet (nbf or iat is in the future). Check the clocks of this server and the identity provider.",
  },
  token_too_old: { kind: "unauthorized", message: "The token was issued longer ago than the integration's maximum token age." },
  audience_mismatch: {
    kind: "unauthorized",
    message: "The token's aud does not contain the integration's client ID. Set the integration's client ID to the client the token was issued to.",
  },
  claim_condition_failed: { kind: "unauthorized", message: "The token does not meet the integration's required claims." },
  match_claim_missing: {
    kind: "unauthorized",
    message: "The token lacks the integration's match claim, or it is not a string.",
  },
  user_not_found: {
    kind: "unauthorized",
    message:
      "No user has an external_id equal to the token's match claim. Federation does not create users: the user must already exist, with external_id set to the value of OAuth2.UniqueIdClaim at sign-in.",
  },
  user_locked: { kind: "forbidden", message: "The user this token maps to is locked." },
  token_replayed: {
    kind: "unauthorized",
    message:
      "This token was already exchanged: the integration has single-use tokens on, so each token is accepted once while it is valid. Obtain a fresh ID token, or turn single-use tokens off if the client re-exchanges the same token (Posit Workbench's clients do).",
  },
} as const satisfies Record<string, { kind: ErrorKind; message: string }>;

export type Reason = keyof typeof REASONS;

export const WORKBENCH_EXPIRY_HINT =
  " Workbench ID tokens expire about an hour after sign-in unless Workbench requests offline_access (auth-openid-scopes=offline_access in rserver.conf).";

/** A rejected exchange: an AppError carrying its reason code in the Connect payload. */
export class FederationError extends AppError {
  constructor(
    readonly reason: Reason,
    detail?: string,
  ) {
    super(REASONS[reason].kind, detail ? `${REASONS[reason].message} ${detail}` : REASONS[reason].message, { reason });
  }
}

export const reject = (reason: Reason, detail?: string) => new FederationError(reason, detail);
