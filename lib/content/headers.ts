// Response headers for served bundles. No imports, so next.config.ts can use it too:
// its global headers() would otherwise replace this CSP with the dashboard's.
//
// Served bundles share the dashboard's origin. The sandbox (no allow-scripts)
// stops every script in uploaded HTML, so a bundle cannot call /__api__ with the
// viewer's session; allow-same-origin only keeps that session cookie on the
// page's own stylesheets and images. Scripted sites would need a separate origin.
export const USER_CONTENT_CSP =
  "sandbox allow-same-origin allow-popups allow-downloads; script-src 'none'; object-src 'none'; frame-ancestors 'none'";

/** The path pattern (next.config `headers()` syntax) of served content: /content/{guid}/… */
export const USER_CONTENT_SOURCE = "/content/:guid/:path*";
