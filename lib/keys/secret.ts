// API key format: a 5-character prefix + 12-character lookup id + 43-character secret.
// The prefix says where a key came from: "fedk_" minted by a federation token
// exchange, "apik_" created by its owner (keys created before the two were told
// apart are "fedk_" too, and stay valid). Only the SHA-256 of the whole key is
// stored; the lookup id finds the row and the hashes are compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const FEDERATED_KEY_PREFIX = "fedk_";
export const USER_KEY_PREFIX = "apik_";
export type KeyPrefix = typeof FEDERATED_KEY_PREFIX | typeof USER_KEY_PREFIX;
const LOOKUP_LENGTH = 12;

// Random bytes are drawn for many keys at a time: on the exchange's hot path a
// randomBytes call costs far more than its bytes. Each byte is used once.
const KEY_BYTES = 41;
const POOL_KEYS = 256;
let pool = Buffer.alloc(0);
let offset = 0;

function keyBytes(): Buffer {
  if (offset + KEY_BYTES > pool.length) {
    pool = randomBytes(KEY_BYTES * POOL_KEYS);
    offset = 0;
  }
  offset += KEY_BYTES;
  return pool.subarray(offset - KEY_BYTES, offset);
}

/**
 * A new key. An "apik_" key's lookup id keeps its prefix ("apik_" + 12 characters),
 * so that the row says which prefix its key has; "fedk_" keys store the bare 12, as
 * every key did before.
 */
export function generateKey(prefix: KeyPrefix): { key: string; lookupId: string; keyHash: string } {
  const bytes = keyBytes();
  const id = bytes.subarray(0, 9).toString("base64url"); // 12 characters
  const key = `${prefix}${id}${bytes.subarray(9).toString("base64url")}`; // + 43
  return { key, lookupId: prefix === FEDERATED_KEY_PREFIX ? id : `${prefix}${id}`, keyHash: hashKey(key) };
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The lookup id of a well-formed key, or undefined. */
export function lookupIdOf(key: string): string | undefined {
  if (!/^(fedk|apik)_[A-Za-z0-9_-]{55}$/.test(key)) return undefined;
  const end = FEDERATED_KEY_PREFIX.length + LOOKUP_LENGTH;
  return key.startsWith(FEDERATED_KEY_PREFIX) ? key.slice(FEDERATED_KEY_PREFIX.length, end) : key.slice(0, end);
}

/**
 * How a key is shown once its secret is gone: its prefix and the first 6 characters
 * of its lookup id ("apik_Ab3xYz"), the start of the key its owner holds. Not secret:
 * the lookup id only finds the row; the 256-bit rest is what proves the key.
 */
export function keyStartOf(lookupId: string): string {
  const full = lookupId.length === LOOKUP_LENGTH ? `${FEDERATED_KEY_PREFIX}${lookupId}` : lookupId;
  return full.slice(0, FEDERATED_KEY_PREFIX.length + 6);
}

export function keyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(key), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
