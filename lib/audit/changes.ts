// What an update changed, for its audit event: only the fields whose value
// differs, before and after. Shared by every service that records an update.

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);

/** Deep equality of JSON-like values; object key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isPlain(a) && isPlain(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!sameValue(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/**
 * The changed fields of two views of a record; nested objects (an integration's
 * config) are narrowed the same way. Undefined when nothing changed.
 */
export function changedFields(before: Plain, after: Plain): { before: Plain; after: Plain } | undefined {
  const out = { before: {} as Plain, after: {} as Plain };
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [b, a] = [before[key], after[key]];
    if (sameValue(b, a)) continue;
    const nested = isPlain(b) && isPlain(a) ? changedFields(b, a) : undefined;
    out.before[key] = nested ? nested.before : (b ?? null);
    out.after[key] = nested ? nested.after : (a ?? null);
  }
  return Object.keys(out.after).length ? out : undefined;
}
