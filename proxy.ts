import { NextResponse, type NextRequest } from "next/server";
import { config as serverConfig } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";
import { newNonce, pageCsp } from "@/lib/http/csp";
import { errorResponse } from "@/lib/http/respond";
import { nulParams } from "@/lib/validation/text";

// Browsers keep to https for a year once they have seen this over https. Only when the
// operator says the server is reached over https: over plain http it would lock users out.
const HSTS = "max-age=31536000";

/** The API and served bundles: not dashboard pages (no nonce, no trailing-slash redirect, no server-action guard). */
const apiOrBundle = (pathname: string) => pathname.startsWith("/__api__/") || pathname.startsWith("/content/");

/** Whether every segment of a raw path percent-decodes to valid UTF-8, as Next.js's route params must. */
function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function nulInAddress(url: URL): boolean {
  return /%00/i.test(url.pathname) || nulParams(url.searchParams).length > 0;
}

/**
 * Next.js decodes a dynamic route's params before our handler runs, and an
 * escape that is not UTF-8 (`/__api__/v1/content/%ED%A0%80`) makes that throw:
 * a 500 and a stack trace for a client's mistake. Such paths get a 400 here:
 * Connect's JSON error body under /__api__, plain text elsewhere.
 *
 * Next.js's own trailing-slash redirect is off (next.config.ts) because a served
 * site needs `/content/{guid}/` to stay as it is: its relative links resolve
 * against that slash. Everywhere else a trailing slash is dropped as before.
 */
export function proxy(req: NextRequest) {
  // A page's scripts run only with this request's nonce (lib/http/csp.ts). Next.js finds it
  // in the request's CSP header and puts it on the scripts it renders; the browser, in the response's.
  // Not on the API, nor on served bundles, which keep their sandbox (lib/content/headers.ts).
  const { pathname } = req.nextUrl;
  const csp = !apiOrBundle(pathname) ? pageCsp(newNonce(), process.env.NODE_ENV === "development") : undefined;
  const res = refusal(req) ?? trailingSlashRedirect(req) ?? passOn(req, csp);
  if (csp) res.headers.set("Content-Security-Policy", csp);
  if (serverConfig().publicUrl?.startsWith("https:")) res.headers.set("Strict-Transport-Security", HSTS);
  return res;
}

function passOn(req: NextRequest, csp: string | undefined): NextResponse {
  if (!csp) return NextResponse.next();
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", csp);
  return NextResponse.next({ request: { headers } });
}

function refusal(req: NextRequest): NextResponse | Response | undefined {
  const { pathname } = req.nextUrl;
  if (pathname.includes("%") && !decodable(pathname)) {
    if (pathname.startsWith("/__api__/")) {
      return errorResponse(new AppError("bad_request", "The request path holds a percent-escape that is not UTF-8."));
    }
    return new NextResponse("Bad Request: the path holds a percent-escape that is not UTF-8.\n", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  // A page's params and search params reach the database as they are: no NUL (lib/validation/text.ts).
  // The API refuses it in its own handlers (lib/http/respond.ts), naming the field.
  if (!apiOrBundle(pathname) && nulInAddress(req.nextUrl)) {
    return new NextResponse("Bad Request: the address holds a NUL character (%00).\n", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  // This app has no server actions, but Next.js takes any POST to a page that names one, or
  // posts a form, for one, and logs a stack trace when it finds none.
  const type = req.headers.get("content-type") ?? "";
  const serverAction =
    req.method === "POST" &&
    (req.headers.has("next-action") || type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded"));
  if (serverAction && !apiOrBundle(pathname) && !pathname.startsWith("/api/auth/")) {
    return new NextResponse("Not Found: this server has no server actions.\n", {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  return undefined;
}

function trailingSlashRedirect(req: NextRequest): NextResponse | undefined {
  const { pathname } = req.nextUrl;
  if (pathname.length > 1 && pathname.endsWith("/") && !apiOrBundle(pathname)) {
    // Only the path changes; leading slashes collapse so "//host/" cannot become another origin.
    const url = req.nextUrl.clone();
    url.pathname = pathname.replace(/\/+$/, "").replace(/^\/+/, "/") || "/";
    return NextResponse.redirect(url, 308);
  }
  return undefined;
}

// Requests with a body skip the proxy unless their path holds a percent-escape or
// they name a server action: Next.js buffers a proxied request's body (up to 10 MB)
// for the proxy to read, and logs an error when the client hangs up mid-body. The
// exchange and the rest of the API skip it likewise: it would cost every request,
// and the API's own routes answer a path they do not know with Connect's JSON 404.
export const config = {
  matcher: [
    {
      // Probes and scrapes (health, readiness, metrics, Connect's ping) are not pages: no nonce to make.
      source: "/((?!__api__/|content/|_next/|oauth/token|healthz$|readyz$|metrics$|__ping__$).*)",
      missing: [
        { type: "header", key: "content-length" },
        { type: "header", key: "transfer-encoding" },
      ],
    },
    "/(.*%.*)",
    { source: "/((?!__api__/|content/|_next/|oauth/token|api/auth/).*)", has: [{ type: "header", key: "next-action" }] },
    {
      source: "/((?!__api__/|content/|_next/|oauth/token|api/auth/).*)",
      has: [{ type: "header", key: "content-type", value: "(?:multipart/form-data|application/x-www-form-urlencoded).*" }],
    },
  ],
};
