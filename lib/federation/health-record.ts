// A health check result says which configuration it checked, so a stored one
// can say when the integration has changed since, and a check made in the
// create form can become the new integration's first health check.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config/env";
import { verifyResultSchema, type EffectiveConfig, type HealthRecord, type VerifyResult } from "./schema";

/** The settings the check (and the exchange's provider trust) depend on; name, match claim and conditions do not count. */
export function checkedConfigFingerprint(c: EffectiveConfig): string {
  const checked = [c.issuer, c.client_id, c.jwks_uri, c.allow_private_issuer, [...c.allowed_algs].sort()];
  return createHash("sha256").update(JSON.stringify(checked)).digest("base64url").slice(0, 22);
}

function withoutSeal(result: VerifyResult): Omit<VerifyResult, "seal"> {
  const copy = { ...result };
  delete copy.seal;
  return copy;
}

/** A stored result as shown: stale when its configuration is not the current one (older results: when the issuer differs). */
export function healthRecordOf(result: VerifyResult, current: EffectiveConfig): HealthRecord {
  const shown = withoutSeal(result);
  const stale = result.config_fingerprint
    ? result.config_fingerprint !== checkedConfigFingerprint(current)
    : result.issuer !== current.issuer;
  return { ...shown, stale };
}

// The result as zod outputs it, so a result that went to the browser and back seals the same.
const sealOf = (result: VerifyResult) =>
  createHmac("sha256", config().authSecret)
    .update(`health-check\0${JSON.stringify(verifyResultSchema.parse({ ...result, seal: undefined }))}`)
    .digest("base64url");

/** Seals a check of an unsaved configuration: the browser holds it until the integration is created. */
export function sealCheck(result: VerifyResult): VerifyResult {
  return { ...result, seal: sealOf(result) };
}

/**
 * The form's check, to store on the integration created from it: only a result
 * this server made (sealed) of exactly this configuration, else nothing.
 */
export function carriedCheckFor(result: VerifyResult | null | undefined, created: EffectiveConfig): VerifyResult | undefined {
  if (!result?.seal || result.config_fingerprint !== checkedConfigFingerprint(created)) return undefined;
  const expected = Buffer.from(sealOf(result));
  const given = Buffer.from(result.seal);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return withoutSeal(result);
}
