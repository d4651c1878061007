import { NextResponse, type NextRequest } from "next/server";
import { config as serverConfig } from "@/lib/config/env";

// Browsers keep to https for a year once they have seen this over https. Only when the
// operator says the server is reached over https: over plain http it would lock users out.
const HSTS = "max-age=31536000";

/**
 * Next.js's own trailing-slash redirect is off (next.config.ts) because a served
 * site needs `/content/{guid}/` to stay as it is: its relative links resolve
 * against that slash. Everywhere else a trailing slash is dropped as before.
 */
export function proxy(req: NextRequest) {
  const res = trailingSlashRedirect(req) ?? NextResponse.next();
  if (serverConfig().publicUrl?.startsWith("https:")) res.headers.set("Strict-Transport-Security", HSTS);
  return res;
}

function trailingSlashRedirect(req: NextRequest): NextResponse | undefined {
  const { pathname } = req.nextUrl;
  if (pathname.length > 1 && pathname.endsWith("/")) {
    // Only the path changes; leading slashes collapse so "//host/" cannot become another origin.
    const url = req.nextUrl.clone();
    url.pathname = pathname.replace(/\/+$/, "").replace(/^\/+/, "/") || "/";
    return NextResponse.redirect(url, 308);
  }
  return undefined;
}

// The exchange and the rest of the API skip the proxy: it would cost every request, and the
// API's own routes answer a path they do not know with Connect's JSON 404.
export const config = { matcher: ["/((?!__api__/|content/|_next/|oauth/token).*)"] };
