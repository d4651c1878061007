// Where to send a browser after sign-in. Used by the sign-in page, the sign-in
// form and next-auth's redirect callback, so every callbackUrl obeys one rule.
// Imports nothing: the browser bundle uses it too.

const DASHBOARD = "/";
// Stands in for our origin when the caller does not know it: a value that
// resolves onto it is a path on whatever origin the browser is on.
const PLACEHOLDER_ORIGIN = "http://callback.invalid";
const MAX_LENGTH = 2048;

// Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/evil`
// and `/\evil` become `//evil`: refuse any control character or backslash outright.
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\\]/;

function originOf(origin: string | undefined): string {
  if (!origin) return PLACEHOLDER_ORIGIN;
  try {
    const parsed = new URL(origin).origin;
    return parsed === "null" ? PLACEHOLDER_ORIGIN : parsed;
  } catch {
    return PLACEHOLDER_ORIGIN;
  }
}

/**
 * The path (with query and fragment) `value` leads to when it stays on this
 * server, resolved as a browser would; otherwise the dashboard. `origin` is this
 * server's origin, when known: absolute URLs on it are accepted too. Never
 * throws; the result is ASCII and starts with exactly one `/`.
 */
export function safeCallbackPath(value: unknown, origin?: string): string {
  if (typeof value !== "string" || value === "" || value.length > MAX_LENGTH) return DASHBOARD;
  if (UNSAFE_CHARACTER.test(value)) return DASHBOARD;
  const base = originOf(origin);
  // A path, or an absolute URL when we know our origin; not a relative reference such as `a/b` or `／／evil`.
  if (!value.startsWith("/") && !(base !== PLACEHOLDER_ORIGIN && /^https?:\/\//i.test(value))) return DASHBOARD;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return DASHBOARD;
  }
  if (url.origin !== base) return DASHBOARD;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil` resolves to the path `//evil`, which a browser reads as another host.
  if (!path.startsWith("/") || path.startsWith("//")) return DASHBOARD;
  return path;
}
