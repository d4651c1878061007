import { NextResponse, type NextRequest } from "next/server";

/**
 * Next.js's own trailing-slash redirect is off (next.config.ts) because a served
 * site needs `/content/{guid}/` to stay as it is: its relative links resolve
 * against that slash. Everywhere else a trailing slash is dropped as before.
 */
export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (pathname.length > 1 && pathname.endsWith("/")) {
    // A relative Location: the browser stays on the host it used, whatever Host said.
    const location = (pathname.replace(/\/+$/, "").replace(/^\/+/, "/") || "/") + search;
    return new NextResponse(null, { status: 308, headers: { Location: location } });
  }
  return NextResponse.next();
}

// The exchange and the rest of the API skip the proxy: it would cost every request, and the
// API's own routes answer a path they do not know with Connect's JSON 404.
export const config = { matcher: ["/((?!__api__/|content/|_next/|oauth/token).*)"] };
