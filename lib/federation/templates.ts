// The two federation templates as the API describes them (Connect's template shape).
import {
  AUTH_TYPE,
  DEFAULT_ALGS,
  DEFAULT_CLOCK_SKEW,
  MAX_CLOCK_SKEW,
  ASYMMETRIC_ALGS,
  OIDC_TEMPLATE,
  WORKBENCH_TEMPLATE,
  type TemplateId,
} from "./schema";

export type TemplateField = {
  key: string;
  name: string;
  description: string;
  type: "string" | "url" | "boolean" | "integer" | "string[]" | "claims";
  required: boolean;
  default?: unknown;
  advanced?: boolean;
  options?: readonly string[];
};

const issuerField: TemplateField = {
  key: "issuer",
  name: "Issuer",
  description:
    "The OpenID Connect issuer URL, exactly as it appears in the tokens' iss claim (no trailing-slash normalisation). Its /.well-known/openid-configuration must be reachable from this server.",
  type: "url",
  required: true,
};
const matchClaimField: TemplateField = {
  key: "match_claim",
  name: "Match claim",
  description:
    "The token claim whose value must equal an existing user's external_id (the value of OAuth2.UniqueIdClaim at sign-in). Federation never creates users.",
  type: "string",
  required: false,
  default: "sub",
};
const privateField: TemplateField = {
  key: "allow_private_issuer",
  name: "Allow a private issuer",
  description:
    "Let this server reach an issuer on a private, loopback or link-local address, and over plain http. Only for identity providers inside your network.",
  type: "boolean",
  required: false,
  default: false,
  advanced: true,
};

export const TEMPLATES: Record<TemplateId, { id: TemplateId; name: string; description: string; auth_type: string; fields: TemplateField[] }> = {
  [WORKBENCH_TEMPLATE]: {
    id: WORKBENCH_TEMPLATE,
    name: "Posit Workbench Federation",
    description:
      "Trust ID tokens that Posit Workbench obtained from the single sign-on provider it shares with this server, so Workbench users publish without separate credentials.",
    auth_type: AUTH_TYPE,
    fields: [
      issuerField,
      {
        key: "client_id",
        name: "Workbench client ID",
        description: "Workbench's OIDC client ID at the provider; tokens must carry it in aud.",
        type: "string",
        required: true,
      },
      matchClaimField,
      privateField,
    ],
  },
  [OIDC_TEMPLATE]: {
    id: OIDC_TEMPLATE,
    name: "OpenID Connect Federation",
    description: "Trust ID tokens from any OpenID Connect provider, with advanced validation options.",
    auth_type: AUTH_TYPE,
    fields: [
      issuerField,
      {
        key: "client_id",
        name: "Client ID (expected audience)",
        description: "The aud value the tokens must contain.",
        type: "string",
        required: true,
      },
      matchClaimField,
      {
        key: "allowed_algs",
        name: "Allowed signing algorithms",
        description: "Asymmetric algorithms only; none and HMAC are never accepted.",
        type: "string[]",
        required: false,
        default: DEFAULT_ALGS,
        options: ASYMMETRIC_ALGS,
        advanced: true,
      },
      {
        key: "clock_skew",
        name: "Clock skew (seconds)",
        description: `Tolerance for exp, nbf and iat, at most ${MAX_CLOCK_SKEW} seconds.`,
        type: "integer",
        required: false,
        default: DEFAULT_CLOCK_SKEW,
        advanced: true,
      },
      {
        key: "max_token_age",
        name: "Maximum token age (seconds)",
        description: "Refuse tokens issued longer ago than this (iat). Empty: no limit beyond exp.",
        type: "integer",
        required: false,
        default: null,
        advanced: true,
      },
      {
        key: "jwks_uri",
        name: "JWKS URI override",
        description: "Fetch signing keys from this URL instead of the discovery document's jwks_uri.",
        type: "url",
        required: false,
        default: null,
        advanced: true,
      },
      privateField,
      {
        key: "required_claims",
        name: "Required claims",
        description: "Claims that must equal the given value exactly, e.g. email_verified = true.",
        type: "claims",
        required: false,
        default: [],
        advanced: true,
      },
    ],
  },
};
