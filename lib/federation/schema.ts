// Integration templates and their configuration, shared by the dashboard form
// and the API: imports only zod (and other zod-only schemas).
import { z } from "zod";
import "@/lib/validation/messages";
import { pagingQuerySchema } from "@/lib/http/paging";
import { ROLES } from "@/lib/users/schema";

export const WORKBENCH_TEMPLATE = "posit-workbench-federation";
export const OIDC_TEMPLATE = "oidc-federation";
export const TEMPLATE_IDS = [WORKBENCH_TEMPLATE, OIDC_TEMPLATE] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
export const AUTH_TYPE = "Identity Federation";

/** Asymmetric JWS algorithms only: `none` and HMAC can never be allowed. */
export const ASYMMETRIC_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"] as const;
export const DEFAULT_ALGS = [...ASYMMETRIC_ALGS];
export const DEFAULT_CLOCK_SKEW = 60;
export const MAX_CLOCK_SKEW = 300;
/** A federated key acts with at most this role unless the integration says otherwise. */
export const DEFAULT_MAX_ROLE = "publisher";

const claimName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be a claim name such as sub or email");

const absoluteUrl = z
  .string()
  .trim()
  .min(1, "is required")
  .max(2048, "must be at most 2048 characters")
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), "must be an absolute http(s) URL")
  .refine((v) => !URL.canParse(v) || (!new URL(v).search && !v.includes("?")), "must not contain a query")
  .refine((v) => !URL.canParse(v) || (!new URL(v).hash && !v.includes("#")), "must not contain a fragment");

/**
 * How a required claim is compared. An entry without an operator means equals:
 * that is how every condition was stored before operators existed.
 */
export const CLAIM_OPERATORS = ["equals", "one_of", "glob", "contains", "exists"] as const;
export type ClaimOperator = (typeof CLAIM_OPERATORS)[number];
export const MAX_ONE_OF_VALUES = 50;

const claimScalar = z.union(
  [z.string().max(512, "must be at most 512 characters"), z.number(), z.boolean()],
  "must be text, a number or true/false",
);

// One object per operator, so a malformed value is reported on `value` with a message for that operator.
const requiredClaim = z.discriminatedUnion(
  "operator",
  [
    z.object({ claim: claimName, operator: z.literal("equals").optional(), value: claimScalar }),
    z.object({
      claim: claimName,
      operator: z.literal("one_of"),
      value: z
        .array(claimScalar, "must be a list of values for one_of")
        .min(1, "needs at least one value for one_of")
        .max(MAX_ONE_OF_VALUES, `must have at most ${MAX_ONE_OF_VALUES} values`),
    }),
    z.object({
      claim: claimName,
      operator: z.literal("glob"),
      value: z.string("must be a pattern for glob").min(1, "must not be empty for glob").max(512, "must be at most 512 characters"),
    }),
    z.object({ claim: claimName, operator: z.literal("contains"), value: claimScalar }),
    z.object({ claim: claimName, operator: z.literal("exists"), value: z.undefined("must be left out for exists").optional() }),
  ],
  { error: `must be one of ${CLAIM_OPERATORS.join(", ")}` },
);
export type ClaimCondition = z.output<typeof requiredClaim>;

const common = {
  issuer: absoluteUrl,
  client_id: z.string().trim().min(1, "is required").max(512, "must be at most 512 characters"),
  match_claim: claimName.default("sub"),
  allow_private_issuer: z.boolean().default(false),
  max_role: z.enum(ROLES, `must be one of ${ROLES.join(", ")}`).default(DEFAULT_MAX_ROLE),
  /** Each token (its jti, or the whole token) is exchanged at most once while valid (lib/federation/single-use.ts). */
  single_use_tokens: z.boolean().default(false),
};

export const workbenchConfigSchema = z.object(common).strict();

export const oidcConfigSchema = z
  .object({
    ...common,
    allowed_algs: z
      .array(z.enum(ASYMMETRIC_ALGS, "must be an asymmetric algorithm (RS*, PS*, ES* or EdDSA)"))
      .min(1, "needs at least one algorithm")
      .default(DEFAULT_ALGS),
    clock_skew: z.number().int().min(0).max(MAX_CLOCK_SKEW, `must be at most ${MAX_CLOCK_SKEW} seconds`).default(DEFAULT_CLOCK_SKEW),
    max_token_age: z.number().int().min(60, "must be at least 60 seconds").max(86400 * 30).nullable().default(null),
    jwks_uri: absoluteUrl.nullable().default(null),
    required_claims: z.array(requiredClaim).max(20).default([]),
  })
  .strict();

/** https is required unless the integration opts in to a private (e.g. on-premises or test) issuer. */
function httpsUnlessPrivate(
  config: { issuer?: string; jwks_uri?: string | null; allow_private_issuer?: boolean },
  ctx: z.RefinementCtx,
  path: (string | number)[] = [],
) {
  if (config.allow_private_issuer) return;
  for (const field of ["issuer", "jwks_uri"] as const) {
    const v = config[field];
    if (v && URL.canParse(v) && new URL(v).protocol !== "https:") {
      ctx.addIssue({
        code: "custom",
        path: [...path, field],
        message: "must use https (or allow a private issuer for an http issuer on your network)",
      });
    }
  }
}

const name = z.string().trim().min(1, "is required").max(128, "must be at most 128 characters");
const description = z.string().trim().max(1024, "must be at most 1024 characters").default("");
/** The create form's "Check connection" result, kept as the new integration's health check when it checked this configuration. */
const carriedCheck = z.lazy(() => verifyResultSchema).nullable().optional();

export const createIntegrationSchema = z
  .discriminatedUnion("template", [
    z.object({
      template: z.literal(WORKBENCH_TEMPLATE),
      name,
      description,
      enabled: z.boolean().default(true),
      config: workbenchConfigSchema,
      last_verify: carriedCheck,
    }),
    z.object({
      template: z.literal(OIDC_TEMPLATE),
      name,
      description,
      enabled: z.boolean().default(true),
      config: oidcConfigSchema,
      last_verify: carriedCheck,
    }),
  ], { error: `template must be one of ${TEMPLATE_IDS.join(", ")}` })
  .superRefine((v, ctx) => httpsUnlessPrivate(v.config, ctx, ["config"]));
export type CreateIntegrationInput = z.input<typeof createIntegrationSchema>;

/** PATCH: any of the top-level fields; `config` is merged over the stored one, then validated whole. */
export const updateIntegrationSchema = z
  .object({
    name,
    description: z.string().trim().max(1024, "must be at most 1024 characters"),
    enabled: z.boolean(),
    config: z.record(z.string(), z.unknown()),
  })
  .partial()
  .strict();
export type UpdateIntegrationInput = z.input<typeof updateIntegrationSchema>;

export function configSchemaFor(template: TemplateId) {
  const base = template === WORKBENCH_TEMPLATE ? workbenchConfigSchema : oidcConfigSchema;
  return base.superRefine((c, ctx) => httpsUnlessPrivate(c, ctx));
}

export type WorkbenchConfig = z.output<typeof workbenchConfigSchema>;
export type OidcConfig = z.output<typeof oidcConfigSchema>;

/** What the exchange uses, whatever the template: every option with its value. */
export type EffectiveConfig = Omit<OidcConfig, "allowed_algs"> & { allowed_algs: string[] };

export function effectiveConfig(template: string, config: WorkbenchConfig | OidcConfig): EffectiveConfig {
  if (template === OIDC_TEMPLATE) return config as OidcConfig;
  return {
    ...(config as WorkbenchConfig),
    allowed_algs: DEFAULT_ALGS,
    clock_skew: DEFAULT_CLOCK_SKEW,
    max_token_age: null,
    jwks_uri: null,
    required_claims: [],
  };
}

export const explainSchema = z.object({
  token: z.string().trim().min(1, "is required").max(16 * 1024, "must be at most 16 KiB"),
  integration_guid: z.string().trim().max(64).optional(),
});
export type ExplainInput = z.input<typeof explainSchema>;

/** "Check connection" before saving: a template and a config that need not be complete yet. */
export const verifyConfigSchema = z.object({
  template: z.enum(TEMPLATE_IDS),
  config: z.record(z.string(), z.unknown()),
});

/** GET /v1/oauth/integrations: the whole list unless a page is asked for (lib/http/paging.ts). */
export const listIntegrationsQuerySchema = pagingQuerySchema.extend({
  /** Names starting with this, ignoring case: the audit page's integration search. */
  prefix: z.string().trim().max(128).optional(),
});
export type ListIntegrationsQuery = z.output<typeof listIntegrationsQuerySchema>;

/** How many recent exchange attempts an integration's page shows. */
export const RECENT_ATTEMPTS = 20;

// ---- What identity providers and tokens send us: parsed before any use ----

/** RFC 7519 NumericDate, bounded so that time arithmetic and Date cannot overflow. */
export const MAX_NUMERIC_DATE = 253402300799; // 9999-12-31T23:59:59Z
const numericDate = z
  .number("must be a number of seconds since 1970")
  .min(0, "must not be before 1970")
  .max(MAX_NUMERIC_DATE, "must be before the year 10000");
const text = z.string("must be a string");

/** The members of a JOSE header we read; other members pass through (and are ignored). */
export const tokenHeaderSchema = z.looseObject({
  alg: text.optional(),
  kid: text.optional(),
  typ: text.optional(),
});
export type TokenHeader = z.output<typeof tokenHeaderSchema>;

/** The registered claims we read, with the types RFC 7519 gives them; other claims pass through. */
export const tokenClaimsSchema = z.looseObject({
  iss: text.optional(),
  sub: text.optional(),
  aud: z.union([z.string(), z.array(z.string())], "must be a string or an array of strings").optional(),
  exp: numericDate.optional(),
  iat: numericDate.optional(),
  nbf: numericDate.optional(),
});
export type TokenClaims = z.output<typeof tokenClaimsSchema>;

export const discoveryDocumentSchema = z.looseObject({
  issuer: text,
  jwks_uri: text.max(2048, "must be at most 2048 characters").optional(),
});

const base64url = z.string("must be a base64url string").regex(/^[A-Za-z0-9_-]+$/, "must be a base64url string");
const jwkCommon = {
  kid: text.max(256, "must be at most 256 characters").optional(),
  alg: text.optional(),
  use: text.optional(),
  key_ops: z.array(z.string(), "must be an array of strings").optional(),
};
/** A public signing key as RFC 7517/7518/8037 define it; anything else in a key set is dropped. */
export const signingJwkSchema = z.discriminatedUnion(
  "kty",
  [
    z.looseObject({ kty: z.literal("RSA"), n: base64url, e: base64url, ...jwkCommon }),
    z.looseObject({ kty: z.literal("EC"), crv: text, x: base64url, y: base64url, ...jwkCommon }),
    z.looseObject({ kty: z.literal("OKP"), crv: text, x: base64url, ...jwkCommon }),
  ],
  { error: "kty must be RSA, EC or OKP" },
);
export type SigningJwk = z.output<typeof signingJwkSchema>;

const verifyStep = {
  ok: z.boolean(),
  ms: z.number().optional(),
  error: z.string().optional(),
  reason: z.string().optional(),
  fix: z.string().optional(),
};
/** A key the provider published that we dropped, and why. */
export const droppedKeySchema = z.object({ index: z.number(), kid: z.string().optional(), problem: z.string() });
export type DroppedKey = z.output<typeof droppedKeySchema>;

/** A health check result; also parses stored ones, which may predate a change to this shape. */
export const verifyResultSchema = z.object({
  ok: z.boolean(),
  checked_at: z.string(),
  issuer: z.string(),
  discovery: z.object({ ...verifyStep, url: z.string(), issuer: z.string().optional(), jwks_uri: z.string().optional() }),
  jwks: z.object({
    ...verifyStep,
    kids: z.array(z.string()).optional(),
    algorithms: z.array(z.string()).optional(),
    fingerprint: z.string().optional(),
    key_count: z.number().optional(),
    dropped: z.array(droppedKeySchema).optional(),
    dropped_count: z.number().optional(),
  }),
  /** Which configuration was checked (lib/federation/health-record.ts); absent on results stored before it existed. */
  config_fingerprint: z.string().max(64).optional(),
  /** On a check of an unsaved configuration: this server's seal, so creating the integration can keep the result. */
  seal: z.string().max(128).optional(),
});
export type VerifyResult = z.output<typeof verifyResultSchema>;
/** A stored health check as the API shows it: `stale` when the configuration changed since it ran. */
export type HealthRecord = Omit<VerifyResult, "seal"> & { stale: boolean };
