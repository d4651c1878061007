// API key format: "fedk_" + 12-character lookup id + 43-character secret.
// Only the SHA-256 of the whole key is stored; the lookup id finds the row and
// the hashes are compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const KEY_PREFIX = "fedk_";
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

export function generateKey(): { key: string; lookupId: string; keyHash: string } {
  const bytes = keyBytes();
  const lookupId = bytes.subarray(0, 9).toString("base64url"); // 12 characters
  const key = `${KEY_PREFIX}${lookupId}${bytes.subarray(9).toString("base64url")}`; // + 43
  return { key, lookupId, keyHash: hashKey(key) };
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The lookup id of a well-formed key, or undefined. */
export function lookupIdOf(key: string): string | undefined {
  if (!/^fedk_[A-Za-z0-9_-]{55}$/.test(key)) return undefined;
  return key.slice(KEY_PREFIX.length, KEY_PREFIX.length + LOOKUP_LENGTH);
}

export function keyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(key), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
