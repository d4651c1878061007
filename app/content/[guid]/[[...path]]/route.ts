import { NextResponse, type NextRequest } from "next/server";
import { route } from "@/lib/http/respond";
import { getCaller } from "@/lib/auth/caller";
import { unauthorized } from "@/lib/errors/app-error";
import { resolveServedFile } from "@/lib/content/serve";
import { USER_CONTENT_CSP } from "@/lib/content/headers";
import { safeCallbackPath } from "@/lib/http/safe-redirect";

type Params = { guid: string; path?: string[] };

// The sandbox CSP keeps scripts in uploaded HTML from acting on the dashboard's origin.
const USER_CONTENT_HEADERS = {
  "Content-Security-Policy": USER_CONTENT_CSP,
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "private, no-cache",
};

/** A relative Location keeps the browser on the host it used, behind any proxy. */
const redirectTo = (location: string, status: number) => new NextResponse(null, { status, headers: { Location: location } });

function serve(head: boolean) {
  return route<Params>(async (req: NextRequest, { params }) => {
    const { guid, path = [] } = await params;
    const caller = await getCaller(req);
    if (!caller) {
      const browser = !req.headers.has("authorization") && (req.headers.get("accept") ?? "").includes("text/html");
      if (!browser) throw unauthorized();
      const callbackUrl = safeCallbackPath(new URL(req.url).pathname + req.nextUrl.search);
      return redirectTo(`/login?${new URLSearchParams({ callbackUrl })}`, 303);
    }
    const trailingSlash = new URL(req.url).pathname.endsWith("/");
    const found = await resolveServedFile(caller.user, guid, path, trailingSlash);
    if (found.kind === "redirect") return redirectTo(found.location, 302);
    const headers = { ...USER_CONTENT_HEADERS, "Content-Type": found.contentType, ETag: found.etag };
    if (req.headers.get("if-none-match") === found.etag) return new NextResponse(null, { status: 304, headers });
    return new NextResponse(head ? null : found.body(), {
      status: 200,
      headers: { ...headers, "Content-Length": String(found.size) },
    });
  });
}

export const GET = serve(false);
export const HEAD = serve(true);
