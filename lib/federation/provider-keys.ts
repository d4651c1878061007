// Discovery documents and key sets, cached per issuer. Concurrent misses share
// one fetch; an unknown kid refetches the key set at most once per cooldown;
// when the provider is down, a warm cache keeps serving.
import { createHash } from "node:crypto";
import { calculateJwkThumbprint, importJWK } from "jose";
import type { z } from "zod";
import { config } from "@/lib/config/env";
import { log } from "@/lib/log";
import { processSingleton } from "@/lib/process/singleton";
import { metrics } from "@/lib/metrics";
import { guardedFetchJson, GuardedFetchError } from "./guarded-fetch";
import { FederationError, reject } from "./reasons";
import { discoveryDocumentSchema, signingJwkSchema, type DroppedKey, type SigningJwk } from "./schema";

export type KeySource = { issuer: string; jwksUri: string | null; allowPrivate: boolean };
export type Discovery = { issuer: string; jwks_uri: string; ms: number };
export type KeySet = {
  keys: SigningJwk[];
  /** Keys the provider published that are not well formed (at most MAX_DROPPED_LISTED of them), and how many in all. */
  dropped: DroppedKey[];
  droppedCount: number;
  fetchedAt: number;
  fingerprint: string;
  uri: string;
  ms: number;
};
type Imported = Awaited<ReturnType<typeof importJWK>>;

const DISCOVERY_TTL_MS = 60 * 60_000;
const MAX_DROPPED_LISTED = 20;
const JWKS_TTL_MS = 10 * 60_000;

const cooldownMs = () => config().jwksRefetchCooldownMs;

type Entry = {
  discovery?: { value: Discovery; at: number };
  discoveryFlight?: Promise<Discovery>;
  jwks?: KeySet;
  jwksFlight?: Promise<KeySet>;
  lastJwksAttempt: number;
  imported: Map<string, Imported>;
};

const entries = processSingleton("federation.provider-keys", () => new Map<string, Entry>());

function entryFor(src: KeySource): Entry {
  const id = `${src.issuer}\n${src.jwksUri ?? ""}\n${src.allowPrivate}`;
  let e = entries.get(id);
  if (!e) entries.set(id, (e = { lastJwksAttempt: 0, imported: new Map() }));
  return e;
}

/** Forgets every cached document (tests, and nothing else). */
export function clearKeyCache() {
  entries.clear();
}

const detail = (err: unknown) => (err instanceof GuardedFetchError ? err.message : String(err));

/** "jwks_uri must be a string; …": what is wrong, never the offending value. */
const problemsOf = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((i) => [i.path.map(String).join("."), i.message].filter(Boolean).join(" "))
    .join("; ");

/** discovery_issuer_mismatch, with the issuer the provider names (a string of at most 2048 characters, else none). */
export class DiscoveryIssuerMismatch extends FederationError {
  readonly providerIssuer?: string;
  constructor(configured: string, theirs: unknown) {
    const named = typeof theirs === "string" && theirs.length <= 2048 ? theirs : undefined;
    super("discovery_issuer_mismatch", `Configured: "${configured}"; discovery document: ${named === undefined ? "no issuer string" : `"${named}"`}.`);
    this.providerIssuer = named;
  }
}

/** Fetches and checks the discovery document, uncached (also used by the live health check). */
export async function fetchDiscovery(src: KeySource): Promise<Discovery> {
  const url = `${src.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  let res;
  try {
    res = await guardedFetchJson(url, { allowPrivate: src.allowPrivate });
    metrics.providerFetch("discovery", "ok");
  } catch (err) {
    metrics.providerFetch("discovery", "error");
    throw reject("discovery_unreachable", `(${detail(err)})`);
  }
  const issuer = (res.body as { issuer?: unknown } | null)?.issuer;
  if (issuer !== src.issuer) throw new DiscoveryIssuerMismatch(src.issuer, issuer);
  const parsed = discoveryDocumentSchema.safeParse(res.body);
  if (!parsed.success) throw reject("discovery_unreachable", `(the discovery document is malformed: ${problemsOf(parsed.error)})`);
  const doc = parsed.data;
  const jwksUri = src.jwksUri ?? doc.jwks_uri;
  if (!jwksUri) throw reject("discovery_unreachable", "(the discovery document has no jwks_uri)");
  return { issuer: doc.issuer, jwks_uri: jwksUri, ms: res.ms };
}

/**
 * Keeps the well-formed signing keys. Encryption and symmetric keys are skipped
 * quietly (a provider may publish them); any other key that does not parse is
 * dropped and reported, so one bad key cannot break the others or a page showing them.
 */
function signingKeys(raw: unknown[]): Pick<KeySet, "keys" | "dropped" | "droppedCount"> {
  const keys: SigningJwk[] = [];
  const dropped: DroppedKey[] = [];
  let droppedCount = 0;
  raw.forEach((jwk, index) => {
    const drop = (problem: string, kid?: unknown) => {
      droppedCount++;
      const named = typeof kid === "string" && kid.length <= 256 ? { kid } : {};
      if (dropped.length < MAX_DROPPED_LISTED) dropped.push({ index, ...named, problem });
    };
    if (!jwk || typeof jwk !== "object" || Array.isArray(jwk)) return drop("not a JSON object");
    const { kty, use, kid } = jwk as Record<string, unknown>;
    if (use === "enc" || kty === "oct") return;
    const parsed = signingJwkSchema.safeParse(jwk);
    if (parsed.success) keys.push(parsed.data);
    else drop(problemsOf(parsed.error), kid);
  });
  return { keys, dropped, droppedCount };
}

/** Fetches a key set, uncached; keeps only keys usable for signature verification. */
export async function fetchKeySet(uri: string, allowPrivate: boolean): Promise<KeySet> {
  let res;
  try {
    res = await guardedFetchJson(uri, { allowPrivate });
    metrics.providerFetch("jwks", "ok");
  } catch (err) {
    metrics.providerFetch("jwks", "error");
    throw reject("jwks_unreachable", `(${detail(err)})`);
  }
  const raw = (res.body as { keys?: unknown })?.keys;
  if (!Array.isArray(raw)) throw reject("jwks_unreachable", "(the key set has no keys array)");
  const { keys, dropped, droppedCount } = signingKeys(raw);
  if (droppedCount) log.warn("the key set has malformed keys; they are ignored", { uri, dropped: droppedCount });
  const prints = await Promise.all(keys.map((k) => calculateJwkThumbprint(k).catch(() => "")));
  const fingerprint = createHash("sha256").update(prints.sort().join(",")).digest("hex").slice(0, 16);
  return { keys, dropped, droppedCount, fetchedAt: Date.now(), fingerprint, uri, ms: res.ms };
}

async function discovery(src: KeySource): Promise<Discovery> {
  const e = entryFor(src);
  if (e.discovery && Date.now() - e.discovery.at < DISCOVERY_TTL_MS) {
    metrics.cacheHit("discovery");
    return e.discovery.value;
  }
  e.discoveryFlight ??= fetchDiscovery(src)
    .then((value) => {
      e.discovery = { value, at: Date.now() };
      return value;
    })
    .finally(() => (e.discoveryFlight = undefined));
  try {
    return await e.discoveryFlight;
  } catch (err) {
    if (e.discovery && (err as { reason?: string }).reason === "discovery_unreachable") {
      log.warn("discovery refresh failed; serving the cached document", { issuer: src.issuer });
      return e.discovery.value;
    }
    throw err;
  }
}

async function refreshKeySet(src: KeySource, e: Entry): Promise<KeySet> {
  if (!e.jwksFlight) {
    e.lastJwksAttempt = Date.now();
    e.jwksFlight = discovery(src)
      .then((d) => fetchKeySet(d.jwks_uri, src.allowPrivate))
      .then((set) => {
        e.jwks = set;
        e.imported.clear();
        return set;
      })
      .finally(() => (e.jwksFlight = undefined));
  }
  try {
    return await e.jwksFlight;
  } catch (err) {
    const reason = (err as { reason?: string }).reason;
    if (e.jwks && (reason === "jwks_unreachable" || reason === "discovery_unreachable")) {
      log.warn("key set refresh failed; serving the cached keys", { issuer: src.issuer });
      return e.jwks;
    }
    throw err;
  }
}

/** The issuer's current key set, fetched when absent or stale. */
export async function keySet(src: KeySource): Promise<KeySet> {
  const e = entryFor(src);
  if (e.jwks && Date.now() - e.jwks.fetchedAt < JWKS_TTL_MS) {
    metrics.cacheHit("jwks");
    return e.jwks;
  }
  return refreshKeySet(src, e);
}

export type KeyLookup =
  | { found: true; jwk: SigningJwk; key: Imported; set: KeySet }
  | { found: false; set: KeySet; refetched: boolean };

function pick(set: KeySet, kid: string | undefined, alg: string): SigningJwk[] {
  const kty = alg.startsWith("ES") ? "EC" : alg === "EdDSA" ? "OKP" : "RSA";
  return set.keys.filter((k) => k.kty === kty && (kid === undefined || k.kid === kid) && (!k.alg || k.alg === alg));
}

/**
 * Finds the verification key for a token header. An unknown kid triggers one
 * refetch (rotation at the provider), unless another refetch happened within the cooldown.
 */
export async function findKey(src: KeySource, kid: string | undefined, alg: string): Promise<KeyLookup> {
  const e = entryFor(src);
  let set = await keySet(src);
  let candidates = pick(set, kid, alg);
  let refetched = false;
  if (candidates.length === 0 && (e.jwksFlight || Date.now() - e.lastJwksAttempt >= cooldownMs())) {
    set = await refreshKeySet(src, e);
    candidates = pick(set, kid, alg);
    refetched = true;
  }
  // Without a kid, only an unambiguous key set is usable.
  if (candidates.length !== 1) return { found: false, set, refetched };
  const jwk = candidates[0];
  const cacheKey = `${jwk.kid ?? ""}|${alg}|${set.fingerprint}`;
  let key = e.imported.get(cacheKey);
  if (!key) {
    try {
      key = await importJWK(jwk, alg);
    } catch (err) {
      // Well-formed but unusable (an unknown curve, a modulus that is not one): the token's key is not usable here.
      throw reject("kid_not_found", `(the issuer's key ${jwk.kid ?? "(no kid)"} cannot be used for ${alg}: ${(err as Error).message})`);
    }
    e.imported.set(cacheKey, key);
  }
  return { found: true, jwk, key, set };
}
