// Where a content item lives: the served site and its place in the dashboard.
import type { NextRequest } from "next/server";
import { config } from "@/lib/config/env";

/** PUBLIC_URL, else the host the client asked for (Next's nextUrl rewrites 127.0.0.1 to localhost). */
export function publicBase(req: NextRequest): string {
  return config().publicUrl ?? `${req.nextUrl.protocol}//${req.headers.get("host") ?? req.nextUrl.host}`;
}

/** The trailing slash matters: the served site's relative links resolve against it. */
export const contentPath = (guid: string) => `/content/${guid}/`;

/** A bundle deployed as a draft (`activate: false`), previewed beside the live site, as Connect does. */
export const draftPath = (guid: string, bundleId: number) => `${contentPath(guid)}_bundle${bundleId}/`;
export const DRAFT_SEGMENT = /^_bundle([1-9][0-9]*)$/;

/**
 * An item's place in the dashboard. Not under /content/{guid}, which serves the
 * content itself; a path (not a query) because clients append `/access` or `/logs`
 * to it, as to Connect's. app/apps/[guid] sends it on to the Content page.
 */
export const dashboardPath = (guid: string) => `/apps/${encodeURIComponent(guid)}`;

/** The same, for server components, which have headers but no request object. */
export function publicBaseOf(headers: Headers): string {
  return config().publicUrl ?? `${headers.get("x-forwarded-proto") ?? "http"}://${headers.get("host") ?? "localhost"}`;
}
