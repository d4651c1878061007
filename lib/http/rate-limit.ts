// A fixed-window limiter per key, in memory: each instance limits what it serves.
// One per process, so every route bundle counts in the same windows.
import { processSingleton } from "@/lib/process/singleton";

const windows = processSingleton("http.rate-limits", () => new Map<string, { start: number; count: number }>());
const WINDOW_MS = 60_000;

/** Counts one request for `key`; false once more than `limit` arrive within a minute. */
export function checkRateLimit(key: string, limit: number, now = Date.now()): boolean {
  const w = windows.get(key);
  if (!w || now - w.start >= WINDOW_MS) {
    if (windows.size > 10_000) pruneWindows(now);
    windows.set(key, { start: now, count: 1 });
    return true;
  }
  w.count++;
  return w.count <= limit;
}

function pruneWindows(now: number) {
  for (const [key, w] of windows) if (now - w.start >= WINDOW_MS) windows.delete(key);
}
