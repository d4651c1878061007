// SPEC §3 steps 2–6 on one token: pick the integration, get the issuer's keys,
// verify the signature, validate the claims, map to an existing user. The
// exchange runs it enforcing; the token debugger runs it explaining.
import { compactVerify, decodeJwt, decodeProtectedHeader } from "jose";
import type { z } from "zod";
import { findUserByExternalId, type UserRef } from "@/lib/db/exchange-store";
import { checkClaimCondition, claimOf } from "./claim-conditions";
import { enabledIntegrations, type LoadedIntegration } from "./integrations";
import { findKey, type KeySource } from "./provider-keys";
import { WORKBENCH_EXPIRY_HINT } from "./reasons";
import { ASYMMETRIC_ALGS, tokenClaimsSchema, tokenHeaderSchema, WORKBENCH_TEMPLATE, type TokenClaims, type TokenHeader } from "./schema";
import type { Trace } from "./trace";
import { holdsNul } from "@/lib/validation/text";

export type Evaluation = {
  header?: TokenHeader;
  claims?: TokenClaims;
  integration?: LoadedIntegration;
  /** When the token matched several integrations (ambiguous_integration): all of them. */
  candidates?: LoadedIntegration[];
  matchValue?: string;
  user?: UserRef;
};

export type EvaluateOptions = {
  /** The exchange's `audience` parameter: an integration guid narrowing the choice. */
  audience?: string;
  /** The debugger's choice of integration (used even when disabled). */
  integration?: LoadedIntegration;
};

const audOf = (claims: TokenClaims): string[] =>
  claims.aud === undefined ? [] : typeof claims.aud === "string" ? [claims.aud] : claims.aud;

/** How a non-string claim is described back to the caller, without echoing its value. */
function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return value.length ? `a string of ${value.length} characters` : "an empty string";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const problemsOf = (part: string, parsed: z.ZodSafeParseResult<unknown>) =>
  parsed.success ? [] : parsed.error.issues.map((i) => `${[part, ...i.path.map(String)].join(".")} ${i.message}`);

/**
 * Step 2's decoding, untrusted: a JWS compact serialization whose header members
 * and registered claims have the types (and NumericDates a sane range) RFC 7519
 * gives them, so no later step can trip over an object where a string belongs.
 */
function decode(token: string, trace: Trace, out: Evaluation): boolean {
  let problems: string[];
  try {
    if (token.split(".").length !== 3) throw new Error("not a JWS compact serialization");
    const header = tokenHeaderSchema.safeParse(decodeProtectedHeader(token));
    const claims = tokenClaimsSchema.safeParse(decodeJwt(token));
    problems = [...problemsOf("header", header), ...problemsOf("claims", claims)];
    if (header.success && claims.success) {
      out.header = header.data;
      out.claims = claims.data;
    }
  } catch {
    problems = ["not header.payload.signature with a JSON header and payload"];
  }
  return trace.check({
    id: "format",
    label: "Token is a signed JWT with a well-formed header and claims",
    pass: problems.length === 0,
    expected: "header.payload.signature; alg, kid, typ, iss, sub strings; aud a string or strings; exp, iat, nbf NumericDates",
    actual: problems.length ? problems : "decoded",
    reason: "malformed_token",
    detail: problems.length ? `(${problems.join("; ")})` : undefined,
  });
}

/** Step 2: the enabled integration whose issuer equals iss byte for byte; aud breaks ties. */
async function selectIntegration(claims: TokenClaims, opts: EvaluateOptions, trace: Trace, out: Evaluation): Promise<LoadedIntegration | undefined> {
  const iss = typeof claims.iss === "string" ? claims.iss : undefined;
  if (opts.integration) {
    trace.check({
      id: "issuer",
      label: "Token issuer equals the integration's issuer exactly",
      pass: iss === opts.integration.config.issuer,
      expected: opts.integration.config.issuer,
      actual: claims.iss ?? null,
      reason: "unknown_issuer",
    });
    return opts.integration;
  }
  const { byIssuer, issuers } = await enabledIntegrations();
  let matches = (iss === undefined ? undefined : byIssuer.get(iss)) ?? [];
  if (opts.audience !== undefined) matches = matches.filter((i) => i.guid === opts.audience);
  if (
    !trace.check({
      id: "issuer",
      label: "An enabled integration has the token's issuer exactly",
      pass: matches.length > 0,
      expected: opts.audience ? `integration ${opts.audience} with issuer ${iss}` : issuers,
      actual: claims.iss ?? null,
      reason: "unknown_issuer",
      // Only read on failure: a passing exchange does not scan every issuer.
      detail: matches.length > 0 ? undefined : nearMiss(iss, issuers),
    })
  ) {
    return undefined;
  }
  if (matches.length === 1) return matches[0];
  const aud = audOf(claims);
  const byAudience = matches.filter((i) => aud.includes(i.config.client_id));
  if (byAudience.length === 1) return byAudience[0];
  if (byAudience.length === 0) {
    trace.check({
      id: "audience",
      label: "Token audience contains an integration's client ID",
      pass: false,
      expected: matches.map((i) => i.config.client_id),
      actual: aud,
      reason: "audience_mismatch",
    });
    return undefined;
  }
  // Before the check, which throws when enforcing: the exchange records the attempt on each of them.
  out.candidates = byAudience;
  trace.check({
    id: "integration",
    label: "Exactly one integration matches issuer and audience",
    pass: false,
    expected: 1,
    actual: byAudience.map((i) => i.guid),
    reason: "ambiguous_integration",
  });
  return undefined;
}

/** Says so when the token's issuer differs from a configured one only by a trailing slash. */
function nearMiss(iss: string | undefined, issuers: readonly string[]): string | undefined {
  if (!iss) return "The token has no iss claim.";
  const trim = (s: string) => s.replace(/\/+$/, "");
  const close = issuers.find((i) => trim(i) === trim(iss));
  return close ? `The token says "${iss}" but the integration says "${close}".` : `The token's iss is "${iss}".`;
}

/** Steps 3–4: the issuer's keys and the signature. */
async function verifySignature(token: string, header: TokenHeader, integration: LoadedIntegration, trace: Trace) {
  const alg = header.alg ?? "none";
  const allowed = integration.config.allowed_algs;
  const algOk = trace.check({
    id: "alg",
    label: "Signing algorithm is asymmetric and allowed",
    pass: (ASYMMETRIC_ALGS as readonly string[]).includes(alg) && allowed.includes(alg),
    expected: allowed,
    actual: alg,
    reason: "alg_not_allowed",
  });
  const src: KeySource = {
    issuer: integration.config.issuer,
    jwksUri: integration.config.jwks_uri,
    allowPrivate: integration.config.allow_private_issuer,
  };
  if (!algOk) return trace.skip("signature", "Signature verifies", "the algorithm is not allowed");
  let lookup;
  try {
    lookup = await findKey(src, header.kid, alg);
  } catch (err) {
    trace.fail("keys", "Issuer's discovery document and key set are reachable", err);
    return trace.skip("signature", "Signature verifies", "no key set");
  }
  const kids = lookup.set.keys.map((k) => k.kid ?? "(no kid)");
  const malformed = header.kid === undefined ? undefined : lookup.set.dropped.find((d) => d.kid === header.kid);
  if (
    !trace.check({
      id: "kid",
      label: "Token's key id is published by the issuer",
      pass: lookup.found,
      expected: kids,
      actual: header.kid ?? null,
      reason: "kid_not_found",
      detail: malformed ? `The issuer publishes a key with this kid, but it is not well formed (${malformed.problem}).` : undefined,
    }) ||
    !lookup.found
  ) {
    return trace.skip("signature", "Signature verifies", "no matching key");
  }
  let valid = false;
  try {
    await compactVerify(token, lookup.key, { algorithms: [alg] });
    valid = true;
  } catch {
    valid = false;
  }
  trace.check({
    id: "signature",
    label: "Signature verifies",
    pass: valid,
    expected: `valid ${alg} signature by key ${lookup.jwk.kid ?? "(no kid)"}`,
    actual: valid ? "valid" : "invalid",
    reason: "invalid_signature",
  });
}

/** Step 5: time claims, audience, required claims. */
function validateClaims(claims: TokenClaims, integration: LoadedIntegration, trace: Trace, now = Date.now() / 1000) {
  const c = integration.config;
  const skew = c.clock_skew;
  const iso = (t: number) => new Date(t * 1000).toISOString();
  const hasTimes = trace.check({
    id: "exp_iat_present",
    label: "exp and iat are present and numeric",
    pass: typeof claims.exp === "number" && typeof claims.iat === "number",
    expected: "numeric exp and iat",
    actual: { exp: claims.exp ?? null, iat: claims.iat ?? null },
    reason: "claim_missing",
  });
  if (hasTimes) {
    const exp = claims.exp!;
    const iat = claims.iat!;
    trace.check({
      id: "exp",
      label: "Token has not expired",
      pass: exp > now - skew,
      expected: `after ${new Date((now - skew) * 1000).toISOString()}`,
      actual: iso(exp),
      reason: "token_expired",
      detail: integration.template === WORKBENCH_TEMPLATE ? WORKBENCH_EXPIRY_HINT.trim() : undefined,
    });
    trace.check({
      id: "iat",
      label: "Token was not issued in the future",
      pass: iat <= now + skew,
      expected: `before ${new Date((now + skew) * 1000).toISOString()}`,
      actual: iso(iat),
      reason: "token_not_yet_valid",
    });
    if (c.max_token_age !== null) {
      trace.check({
        id: "max_age",
        label: "Token is not older than the maximum age",
        pass: now - iat <= c.max_token_age + skew,
        expected: `issued within ${c.max_token_age} s`,
        actual: `issued ${Math.round(now - iat)} s ago`,
        reason: "token_too_old",
      });
    }
  }
  if (claims.nbf !== undefined) {
    trace.check({
      id: "nbf",
      label: "Token is already valid (nbf)",
      pass: claims.nbf <= now + skew,
      expected: `before ${new Date((now + skew) * 1000).toISOString()}`,
      actual: iso(claims.nbf),
      reason: "token_not_yet_valid",
    });
  }
  const aud = audOf(claims);
  trace.check({
    id: "audience",
    label: "Token audience contains the integration's client ID",
    pass: aud.includes(c.client_id),
    expected: c.client_id,
    actual: aud,
    reason: "audience_mismatch",
  });
  for (const condition of c.required_claims) {
    trace.check({ ...checkClaimCondition(condition, claims), reason: "claim_condition_failed" });
  }
}

/** Step 6: the existing, unlocked user whose external_id equals the match claim. */
async function mapUser(claims: TokenClaims, integration: LoadedIntegration, trace: Trace, out: Evaluation) {
  const claim = integration.config.match_claim;
  const value = claimOf(claims, claim);
  if (
    !trace.check({
      id: "match_claim",
      label: `Token has the match claim "${claim}" as a string`,
      pass: typeof value === "string" && value.length > 0 && value.length <= 512,
      expected: `a string in claim ${claim}`,
      actual: value === undefined ? null : typeof value === "string" && value.length > 0 && value.length <= 512 ? value : typeOf(value),
      reason: "match_claim_missing",
    })
  ) {
    return;
  }
  out.matchValue = value as string;
  // No external_id holds NUL (lib/validation/text.ts): such a value is nobody's, and no lookup is needed.
  const user = holdsNul(out.matchValue) ? null : await findUserByExternalId(out.matchValue);
  if (
    !trace.check({
      id: "user",
      label: "A user with this external_id exists",
      pass: Boolean(user),
      expected: `a user with external_id "${out.matchValue}"`,
      actual: user ? user.username : "no such user",
      reason: "user_not_found",
    })
  ) {
    return;
  }
  out.user = user!;
  trace.check({
    id: "user_locked",
    label: "The user is not locked",
    pass: !user!.locked,
    expected: "unlocked",
    actual: user!.locked ? "locked" : "unlocked",
    reason: "user_locked",
  });
}

/** Fills `out` as it goes, so a caller that catches a failure still knows what was found. */
export async function evaluateToken(token: string, opts: EvaluateOptions, trace: Trace, out: Evaluation = {}): Promise<Evaluation> {
  if (!decode(token, trace, out)) return out;
  const claims = out.claims!;
  out.integration = await selectIntegration(claims, opts, trace, out);
  if (!out.integration) return out;
  await verifySignature(token, out.header!, out.integration, trace);
  validateClaims(claims, out.integration, trace);
  await mapUser(claims, out.integration, trace, out);
  return out;
}
