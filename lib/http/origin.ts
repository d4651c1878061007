import type { NextRequest } from "next/server";
import { config } from "@/lib/config/env";

/** This server's origin as clients reach it: PUBLIC_URL when set, else the Host the request named. */
export function publicOrigin(req: NextRequest): string {
  // nextUrl rewrites 127.0.0.1 to localhost, so the Host header is the faithful source.
  return config().publicUrl ?? `${req.nextUrl.protocol}//${req.headers.get("host") ?? req.nextUrl.host}`;
}
