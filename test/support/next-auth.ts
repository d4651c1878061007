// Drives next-auth with our authOptions as the browser's next-auth client does:
// CSRF token first, then form posts with `json=true`. The App Router handler
// reads cookies() from Next's request scope, which exists only inside a running
// server, so this enters through next-auth's other public entry point,
// NextAuth(req, res, options); from there on (CSRF check, authorize, callbacks,
// events, cookies) it is the same next-auth code the server runs.
import { encode } from "next-auth/jwt";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { BASE } from "./fixtures";

const SESSION_COOKIE = "next-auth.session-token";

type Answer = { status: number; headers: Map<string, string | string[]>; body?: unknown };

/** Runs one next-auth action (e.g. ["callback", "password"]) and returns its answer. */
export async function nextAuth(
  method: string,
  action: string[],
  cookies: Map<string, string>,
  body?: Record<string, string>,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  const answer: Answer = { status: 200, headers: new Map() };
  const req = {
    method,
    query: { ...query, nextauth: action },
    body,
    cookies: Object.fromEntries(cookies),
    headers: {
      host: new URL(BASE).host,
      "x-forwarded-proto": "http",
      "content-type": "application/x-www-form-urlencoded",
      ...headers,
    },
  };
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    getHeader: (name: string) => answer.headers.get(name.toLowerCase()),
    setHeader(name: string, value: string | string[]) {
      answer.headers.set(name.toLowerCase(), value);
      return res;
    },
    json: (data: unknown) => void (answer.body = data),
    send: (data: unknown) => void (answer.body = data),
    end: () => undefined,
  };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: typeof authOptions) => Promise<void>)(req, res, authOptions);
  const setCookies = [answer.headers.get("set-cookie") ?? []].flat();
  const set = new Map(
    setCookies.map((c) => {
      const pair = c.split(";")[0];
      const eq = pair.indexOf("=");
      return [pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1))] as [string, string];
    }),
  );
  const location = answer.headers.get("location");
  return { status: answer.status, body: answer.body as Record<string, string> | undefined, cookies: set, location };
}

async function csrf(): Promise<{ csrfToken: string; cookies: Map<string, string> }> {
  const res = await nextAuth("GET", ["csrf"], new Map());
  return { csrfToken: res.body!.csrfToken, cookies: res.cookies };
}

async function post(action: string[], fields: Record<string, string>, cookies: Map<string, string>, headers?: Record<string, string>) {
  const res = await nextAuth("POST", action, cookies, { ...fields, json: "true" }, {}, headers);
  return { status: res.status, url: res.body?.url, cookies: res.cookies };
}

/**
 * Signs in with a password through next-auth; `session` is the session cookie it set (if any).
 * `headers` are the request's extra headers, such as the peer address from `fromPeer()`.
 */
export async function passwordSignIn(username: string, password: string, callbackUrl?: string, headers?: Record<string, string>) {
  const { csrfToken, cookies } = await csrf();
  const fields = { csrfToken, username, password, ...(callbackUrl ? { callbackUrl } : {}) };
  const res = await post(["callback", "password"], fields, cookies, headers);
  const token = res.cookies.get(SESSION_COOKIE);
  return { ...res, session: token ? `${SESSION_COOKIE}=${token}` : undefined };
}

/** Signs out through next-auth with the given session cookie. */
export async function signOut(session: string) {
  const { csrfToken, cookies } = await csrf();
  const [name, value] = [session.slice(0, session.indexOf("=")), session.slice(session.indexOf("=") + 1)];
  return post(["signout"], { csrfToken }, new Map([...cookies, [name, value]]));
}

/** A session cookie for a token with these claims, as next-auth would have issued it. */
export async function sessionCookieFor(claims: Record<string, unknown>): Promise<string> {
  const token = await encode({ token: claims, secret: process.env.AUTH_SECRET! });
  return `${SESSION_COOKIE}=${token}`;
}
