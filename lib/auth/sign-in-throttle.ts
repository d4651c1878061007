// Failed password sign-ins per username, in memory (each instance counts what it serves).
// After a few failures an address that has itself failed for that username waits before
// its next try, doubling up to a minute. An address that has not failed for it is never
// held back: an attacker elsewhere cannot keep the real user from a correct password,
// and the user's own typo costs them a minute at most.
import { processSingleton } from "@/lib/process/singleton";

const FREE_FAILURES = 5;
const MAX_DELAY_MS = 60_000;
// A username with no failure for this long starts again from zero.
const FORGET_MS = 15 * 60_000;
const MAX_USERNAMES = 10_000;
const MAX_ADDRESSES_PER_USERNAME = 1_000;

type Failures = { count: number; lastAt: number; addresses: Set<string> };

const failures = () => processSingleton("auth.sign-in-failures", () => new Map<string, Failures>());

function current(username: string, now: number): Failures | undefined {
  const entry = failures().get(username);
  if (entry && now - entry.lastAt >= FORGET_MS) {
    failures().delete(username);
    return undefined;
  }
  return entry;
}

/** Milliseconds the username's wait lasts after `count` failures: 1 s, 2 s, 4 s … up to a minute. */
export function delayAfter(count: number): number {
  return count <= FREE_FAILURES ? 0 : Math.min(1000 * 2 ** (count - FREE_FAILURES - 1), MAX_DELAY_MS);
}

/** How long `ip` must still wait before trying `username` again; 0 when it may try now. */
export function signInWait(username: string, ip: string, now = Date.now()): number {
  const entry = current(username, now);
  if (!entry?.addresses.has(ip)) return 0;
  return Math.max(0, entry.lastAt + delayAfter(entry.count) - now);
}

export function recordSignInFailure(username: string, ip: string, now = Date.now()): void {
  const map = failures();
  if (map.size >= MAX_USERNAMES) {
    for (const [name, e] of map) if (now - e.lastAt >= FORGET_MS) map.delete(name);
  }
  const entry = current(username, now) ?? { count: 0, lastAt: now, addresses: new Set<string>() };
  entry.count++;
  entry.lastAt = now;
  if (entry.addresses.size < MAX_ADDRESSES_PER_USERNAME) entry.addresses.add(ip);
  map.set(username, entry);
}

/** A correct password clears the username's failures, wherever they came from. */
export function recordSignInSuccess(username: string): void {
  failures().delete(username);
}
