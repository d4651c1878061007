// Discovery documents and key sets, cached per issuer. Concurrent misses share
// one fetch; an unknown kid refetches the key set at most once per cooldown;
// when the provider is down, a warm cache keeps serving.
import { createHash } from "node:crypto";
import { calculateJwkThumbprint, importJWK, type JWK } from "jose";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { guardedFetchJson, GuardedFetchError } from "./guarded-fetch";
import { reject } from "./reasons";

export type KeySource = { issuer: string; jwksUri: string | null; allowPrivate: boolean };
export type Discovery = { issuer: string; jwks_uri: string; ms: number };
export type KeySet = { keys: JWK[]; fetchedAt: number; fingerprint: string; uri: string; ms: number };
type Imported = Awaited<ReturnType<typeof importJWK>>;

const DISCOVERY_TTL_MS = 60 * 60_000;
const JWKS_TTL_MS = 10 * 60_000;

function cooldownMs(): number {
  const v = Number(process.env.FEDERATION_JWKS_REFETCH_COOLDOWN_MS);
  return Number.isFinite(v) && v >= 0 ? v : 30_000;
}

type Entry = {
  discovery?: { value: Discovery; at: number };
  discoveryFlight?: Promise<Discovery>;
  jwks?: KeySet;
  jwksFlight?: Promise<KeySet>;
  lastJwksAttempt: number;
  imported: Map<string, Imported>;
};

const store = globalThis as unknown as { federationKeyCache?: Map<string, Entry> };
const entries = (store.federationKeyCache ??= new Map());

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
  const doc = res.body as { issuer?: unknown; jwks_uri?: unknown };
  if (doc?.issuer !== src.issuer) {
    throw reject("discovery_issuer_mismatch", `Configured: "${src.issuer}"; discovery document: "${String(doc?.issuer)}".`);
  }
  if (typeof doc.jwks_uri !== "string" && !src.jwksUri) {
    throw reject("discovery_unreachable", "(the discovery document has no jwks_uri)");
  }
  return { issuer: doc.issuer, jwks_uri: src.jwksUri ?? (doc.jwks_uri as string), ms: res.ms };
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
  const keys = (raw as JWK[]).filter((k) => k && typeof k === "object" && ["RSA", "EC", "OKP"].includes(String(k.kty)) && k.use !== "enc");
  const prints = await Promise.all(keys.map((k) => calculateJwkThumbprint(k).catch(() => "")));
  const fingerprint = createHash("sha256").update(prints.sort().join(",")).digest("hex").slice(0, 16);
  return { keys, fetchedAt: Date.now(), fingerprint, uri, ms: res.ms };
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
  | { found: true; jwk: JWK; key: Imported; set: KeySet }
  | { found: false; set: KeySet; refetched: boolean };

function pick(set: KeySet, kid: string | undefined, alg: string): JWK[] {
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
    key = await importJWK(jwk, alg);
    e.imported.set(cacheKey, key);
  }
  return { found: true, jwk, key, set };
}
