// No stored text holds U+0000 (NUL): PostgreSQL's text refuses it, which turned a
// NUL in a query, a body or a token's claim into a 500 there, and SQLite's string
// functions stop at it. Input that holds one is refused where it is parsed
// (lib/http/respond.ts, proxy.ts, lib/content/manifest.ts); text from elsewhere that
// is only recorded (a token's issuer in the audit log, a provider's profile) is made
// storable; a value looked up (a match claim, a username) cannot match anything stored.

export const NUL_MESSAGE = "must not contain a NUL character (U+0000)";

export const holdsNul = (s: string) => s.includes("\0");

/** The paths ("config.issuer", "files.a.b") of the strings, and object keys, under `value` that hold NUL. */
export function nulPaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === "string") return holdsNul(value) ? [path.join(".") || "(body)"] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulPaths(v, [...path, String(i)]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) =>
      holdsNul(k) ? [[...path, k.replaceAll("\0", "\u2400")].join(".")] : nulPaths(v, [...path, k]),
    );
  }
  return [];
}

/** Text from outside that is recorded, not parsed: each NUL shown as ␀ (U+2400). */
export const storable = (s: string) => s.replaceAll("\0", "\u2400");
