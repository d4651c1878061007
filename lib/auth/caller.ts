// The one answer to "who is calling": an API key (Authorization: Key|Bearer)
// or the dashboard's session cookie.
import { cache } from "react";
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getServerSession } from "next-auth";
import { config } from "@/lib/config/env";
import type { User } from "@/lib/db/generated/sqlite/client";
import { forbidden, unauthorized } from "@/lib/errors/app-error";
import { authenticateKey, isFederatedKey, roleCapOf } from "@/lib/keys/service";
import { findUserById, touchUserActive } from "@/lib/users/service";
import { cappedRole, roleAtLeast, type Role } from "@/lib/users/schema";
import { authOptions } from "./options";
import { nextAuthCanTrustHost } from "./auth-request";
import { clientIpOf } from "@/lib/http/client-ip";
import { publicOrigin } from "@/lib/http/origin";
import { noteCaller } from "@/lib/http/request-log";

/**
 * `user.userRole` is the role this request acts with: for a federated key, the
 * lower of the user's role and the cap recorded on the key. Every check that
 * reads the caller's user (hasRole, services given `caller.user`) sees it.
 */
export type Caller = {
  user: User;
  via: "key" | "session";
  apiKeyId?: number;
  /** The key was minted by federation: it may not manage API keys. */
  federated: boolean;
  ip: string;
};

export function hasRole(user: Pick<User, "userRole">, role: Role): boolean {
  return roleAtLeast(user.userRole, role);
}

function presentedKey(req: NextRequest): string | undefined {
  const header = req.headers.get("authorization");
  if (header === null) return undefined;
  const match = /^(Key|Bearer)\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized("Malformed Authorization header: use `Key <api key>` or `Bearer <api key>`.");
  return match[2];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Cookie-authenticated writes must come from our own pages. */
function assertSameOrigin(req: NextRequest) {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  if (origin === publicOrigin(req)) return;
  if (!origin && req.headers.get("sec-fetch-site") === "same-origin") return;
  throw forbidden("Cross-origin request refused: cookie-authenticated changes must come from the dashboard.");
}

/** A session token is honoured while its user is unlocked, not a service user, and its version is the user's current one. */
function sessionIsCurrent(user: User | null, sessionVersion: unknown): user is User {
  return user !== null && !user.locked && !user.serviceUser && sessionVersion === user.sessionVersion;
}

export async function getCaller(req: NextRequest): Promise<Caller | null> {
  const ip = clientIpOf(req.headers);
  const key = presentedKey(req);
  if (key !== undefined) {
    const { user, apiKey } = await authenticateKey(key);
    const cap = roleCapOf(apiKey);
    const acting = cap === null ? user : { ...user, userRole: cappedRole(user.userRole, cap) };
    const caller: Caller = { user: acting, via: "key", apiKeyId: apiKey.id, federated: isFederatedKey(apiKey), ip };
    noteCaller(req, caller);
    return caller;
  }
  const token = await getToken({ req, secret: config().authSecret });
  if (!token || typeof token.uid !== "number") return null;
  const user = await findUserById(token.uid);
  if (!sessionIsCurrent(user, token.sv)) return null;
  assertSameOrigin(req);
  void touchUserActive(user.id).catch(() => undefined);
  const caller: Caller = { user, via: "session", federated: false, ip };
  noteCaller(req, caller);
  return caller;
}

/** The caller, or 401; with a role, 403 unless the caller has at least that role. */
export async function requireCaller(req: NextRequest, role?: Role): Promise<Caller> {
  const caller = await getCaller(req);
  if (!caller) throw unauthorized();
  if (role && !hasRole(caller.user, role)) throw forbidden();
  return caller;
}

// next-auth checks every one of its cookies before reading a session, and a callback-url
// cookie that is no URL (any client can send one) made every page a 500. Reading the
// session needs only the session cookie: it is given the request without that one.
async function requestForSession() {
  const [h, c] = await Promise.all([headers(), cookies()]);
  const kept = c.getAll().filter((cookie) => !cookie.name.endsWith("next-auth.callback-url"));
  return { headers: Object.fromEntries(h), cookies: Object.fromEntries(kept.map((cookie) => [cookie.name, cookie.value])) };
}
// A server component cannot set cookies; next-auth's own server-component path discards them the same way.
const noResponse = { getHeader() {}, setCookie() {}, setHeader() {} };

/** For server components: the signed-in user of the dashboard, or null (once per request). */
export const currentUser = cache(async (): Promise<User | null> => {
  const req = await requestForSession();
  if (!nextAuthCanTrustHost(req.headers)) return null; // a Host that is no host name: nobody is signed in
  const session = (await getServerSession(req as never, noResponse as never, authOptions)) as { uid?: number; sv?: number } | null;
  if (!session?.uid) return null;
  const user = await findUserById(session.uid);
  return sessionIsCurrent(user, session.sv) ? user : null;
});


