// One structured line per API request: method, path (never the query, which may
// carry secrets), status, duration and who called. Never a key or a token.
import type { NextRequest } from "next/server";
import { log } from "@/lib/log";

const callers = new WeakMap<Request, { user: string; via: string; key_id?: number }>();

/** Called once the caller is known (lib/auth/caller.ts), so the request's line can name them. */
export function noteCaller(req: Request, caller: { user: { guid: string }; via: string; apiKeyId?: number }) {
  callers.set(req, { user: caller.user.guid, via: caller.via, ...(caller.apiKeyId ? { key_id: caller.apiKeyId } : {}) });
}

export function logRequest(req: NextRequest, status: number, startedAt: number) {
  log.info("request", {
    method: req.method,
    path: req.nextUrl.pathname,
    status,
    ms: Math.round((performance.now() - startedAt) * 10) / 10,
    ...callers.get(req),
  });
}
