// No stored text holds U+0000 (NUL): PostgreSQL's text refuses it, which turned a
// NUL in a query, a body or a token's claim into a 500 there, and SQLite's string
// functions stop at it. Input that holds one is refused where it is parsed (the API's
// query, path and JSON body in lib/http/respond.ts, a page's address in proxy.ts, a
// bundle's manifest); text from elsewhere that is only recorded (a token's issuer in
// the audit log, a provider's profile) is made storable; a value looked up (a match
// claim, a username, a single sign-on ID) matches nothing stored, without a lookup.

export const NUL_MESSAGE = "must not contain a NUL character (U+0000)";

export const holdsNul = (s: string) => s.includes("\0");

/** Text from outside that is recorded, not parsed: each NUL shown as ␀ (U+2400). */
export const storable = (s: string) => s.replaceAll("\0", "\u2400");

/** The names (storable) of the query parameters whose name or value holds NUL. */
export function nulParams(params: URLSearchParams): string[] {
  return [...params].filter(([name, value]) => holdsNul(name) || holdsNul(value)).map(([name]) => storable(name));
}

type Node = { value: unknown; key?: string; parent?: Node };

/** A node's path, "config.issuer"; a deep one is cut short in the middle. */
function pathOf(node: Node): string {
  const keys: string[] = [];
  for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) keys.push(n.key);
  keys.reverse();
  return (keys.length > 12 ? [...keys.slice(0, 6), "…", ...keys.slice(-5)] : keys).join(".") || "(body)";
}

/**
 * The paths ("config.issuer", "files.a.b") of the strings, and object keys, under
 * `value` that hold NUL, in document order, at most `limit` of them. Walked without
 * recursion: a body of 100,000 nested arrays is a 400, not a stack overflow.
 */
export function nulPaths(value: unknown, limit = 20): string[] {
  const found: string[] = [];
  const stack: Node[] = [{ value }];
  while (stack.length > 0 && found.length < limit) {
    const node = stack.pop()!;
    if (typeof node.value === "string") {
      if (holdsNul(node.value)) found.push(pathOf(node));
    } else if (node.value && typeof node.value === "object") {
      const entries: [string, unknown][] = Array.isArray(node.value) ? node.value.map((v, i) => [String(i), v]) : Object.entries(node.value);
      const children: Node[] = [];
      for (const [key, child] of entries) {
        if (holdsNul(key)) found.push(pathOf({ value: child, key: storable(key), parent: node }));
        else children.push({ value: child, key, parent: node });
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  return found.slice(0, limit);
}
