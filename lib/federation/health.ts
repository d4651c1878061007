// Live health check of an integration: discovery reachable, issuer equal,
// key set fetched, key ids and a fingerprint that changes on rotation, and
// which published keys were dropped as malformed.
import { DiscoveryIssuerMismatch, fetchDiscovery, fetchKeySet } from "./provider-keys";
import { checkedConfigFingerprint, healthRecordOf, sealCheck } from "./health-record";
import { getIntegration, saveVerifyResult } from "./integrations";
import { REASONS, type Reason } from "./reasons";
import { configSchemaFor, effectiveConfig, verifyConfigSchema, type EffectiveConfig, type HealthRecord, type VerifyResult } from "./schema";

export type { VerifyResult };
type Step = VerifyResult["jwks"];

function failure(err: unknown): Step {
  const reason = (err as { reason?: Reason }).reason;
  return { ok: false, error: (err as Error).message, reason, fix: reason ? REASONS[reason].message : undefined };
}

/** Checks a saved integration and stores the result on it. */
export async function verifyIntegration(guid: string): Promise<HealthRecord> {
  const integration = await getIntegration(guid);
  const result = await checkProvider(integration.config);
  await saveVerifyResult(integration.id, result);
  return healthRecordOf(result, integration.config);
}

/** Checks a configuration before it is saved ("check connection" in the create form); sealed, so creating it can keep the result. */
export async function verifyConfig(input: unknown): Promise<VerifyResult> {
  const parsed = verifyConfigSchema.parse(input);
  return sealCheck(await checkProvider(effectiveConfig(parsed.template, configSchemaFor(parsed.template).parse(parsed.config))));
}

async function checkProvider(c: EffectiveConfig): Promise<VerifyResult> {
  const src = { issuer: c.issuer, jwksUri: c.jwks_uri, allowPrivate: c.allow_private_issuer };
  const result: VerifyResult = {
    ok: false,
    checked_at: new Date().toISOString(),
    issuer: c.issuer,
    discovery: { ok: false, url: `${c.issuer.replace(/\/$/, "")}/.well-known/openid-configuration` },
    jwks: { ok: false },
    config_fingerprint: checkedConfigFingerprint(c),
  };
  try {
    const d = await fetchDiscovery(src);
    result.discovery = { ...result.discovery, ok: true, ms: d.ms, issuer: d.issuer, jwks_uri: d.jwks_uri };
    try {
      const set = await fetchKeySet(d.jwks_uri, src.allowPrivate);
      result.jwks = {
        ok: set.keys.length > 0,
        ms: set.ms,
        kids: set.keys.map((k) => k.kid ?? "(no kid)"),
        algorithms: [...new Set(set.keys.map((k) => k.alg ?? k.kty ?? "?"))],
        fingerprint: set.fingerprint,
        key_count: set.keys.length,
        ...(set.droppedCount ? { dropped: set.dropped, dropped_count: set.droppedCount } : {}),
        ...(set.keys.length ? {} : { error: "The key set has no well-formed signing keys." }),
      };
    } catch (err) {
      result.jwks = failure(err);
    }
  } catch (err) {
    // The provider's own issuer, when it names another one: what the form offers to save instead.
    const theirs = err instanceof DiscoveryIssuerMismatch ? err.providerIssuer : undefined;
    result.discovery = { ...result.discovery, ...failure(err), ...(theirs === undefined ? {} : { issuer: theirs }) };
    result.jwks = { ok: false, error: "Not checked: discovery failed." };
  }
  result.ok = result.discovery.ok && result.jwks.ok;
  return result;
}
