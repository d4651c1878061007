// The dashboard's Content-Security-Policy. No imports, so next.config.ts can use it too.
//
// Pages get a fresh nonce per request (proxy.ts): Next.js reads it from the
// request's CSP header and puts it on every script it renders, and
// 'strict-dynamic' lets those scripts load the rest, so no inline script runs
// without it. Styles keep 'unsafe-inline' (React and Next.js set style
// attributes; a nonce in style-src would make browsers ignore 'unsafe-inline').
// form-action 'self': nothing posts a form off-site (SSO starts with a fetch,
// then a navigation; see components/login/login-form.tsx).

const COMMON = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

/** The policy of a page rendered with `nonce`. `dev`: `next dev`, whose React needs eval for its error overlay. */
export function pageCsp(nonce: string, dev = false): string {
  return [`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`, ...COMMON].join("; ");
}

/** For responses proxy.ts does not see (API answers, static files): scripts from this origin only. */
export const STATIC_CSP = ["script-src 'self'", ...COMMON].join("; ");

/** 128 random bits, base64: unguessable, and new for every request. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The nonce in a page's policy (the request's header, set by proxy.ts), for inline scripts a page renders itself. */
export function nonceOf(csp: string | null): string | undefined {
  return csp?.match(/'nonce-([^']+)'/)?.[1];
}
