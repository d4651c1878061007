// What next-auth sees of a hostile /api/auth request (issue #11, finding 6): each of
// these made next-auth answer 500 with a stack trace; cleaned, they are a 4xx or work.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { cleanAuthRequest, nextAuthCanTrustHost } from "@/lib/auth/auth-request";
import { AppError } from "@/lib/errors/app-error";
import { BASE } from "../support/fixtures";
import { nextAuth } from "../support/next-auth";

const request = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  new NextRequest(`${BASE}${path}`, init);
const queryOf = (req: NextRequest) => Object.fromEntries(req.nextUrl.searchParams);

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("cleanAuthRequest", () => {
  it.each(["session", "csrf", "providers"])("makes a callbackUrl that is not a URL one next-auth accepts on /%s", async (action) => {
    const raw = { callbackUrl: "not a url" };
    expect((await nextAuth("GET", [action], new Map(), undefined, raw)).status).toBe(500);
    const clean = await cleanAuthRequest(request(`/api/auth/${action}?callbackUrl=not%20a%20url`), [action], BASE);
    expect(queryOf(clean)).toEqual({ callbackUrl: "/" });
    expect((await nextAuth("GET", [action], new Map(), undefined, queryOf(clean))).status).toBe(200);
  });

  it("keeps a callbackUrl on this server, as its path", async () => {
    const clean = await cleanAuthRequest(request(`/api/auth/session?callbackUrl=${encodeURIComponent(`${BASE}/keys?x=1`)}`), ["session"], BASE);
    expect(queryOf(clean)).toEqual({ callbackUrl: "/keys?x=1" });
  });

  it.each(["€", "a\rb", "ÿ", "<x>", ""])("turns the error code %j into Default, which is safe in a Location header", async (code) => {
    const raw = await nextAuth("GET", ["error"], new Map(), undefined, { error: code });
    if (code === "€") expect(() => new Headers({ location: raw.location as string })).toThrow(TypeError);
    const clean = await cleanAuthRequest(request(`/api/auth/error?error=${encodeURIComponent(code)}`), ["error"], BASE);
    expect(queryOf(clean)).toEqual({ error: "Default" });
    const answer = await nextAuth("GET", ["error"], new Map(), undefined, queryOf(clean));
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/login?error=Default");
  });

  it("keeps plain error codes, including an OAuth provider's", async () => {
    for (const code of ["CredentialsSignin", "access_denied"]) {
      const clean = await cleanAuthRequest(request(`/api/auth/error?error=${code}`), ["error"], BASE);
      expect(queryOf(clean)).toEqual({ error: code });
    }
  });

  it("refuses, and clears, a callback-url cookie next-auth would fail on", async () => {
    const raw = await nextAuth("GET", ["session"], new Map([["next-auth.callback-url", "not a url"]]));
    expect(raw.status).toBe(500);
    const err = await refusal(cleanAuthRequest(request("/api/auth/session", { headers: { cookie: "next-auth.callback-url=not a url" } }), ["session"], BASE));
    expect(err.status).toBe(400);
    expect(err.headers["set-cookie"]).toMatch(/^next-auth\.callback-url=; .*Max-Age=0/);
    // One next-auth set itself passes.
    const ok = request("/api/auth/session", { headers: { cookie: `next-auth.callback-url=${encodeURIComponent(`${BASE}/`)}` } });
    await expect(cleanAuthRequest(ok, ["session"], BASE)).resolves.toBeInstanceOf(NextRequest);
  });

  it("answers a JSON body that does not parse, or is no object, with a 400", async () => {
    for (const body of ["{", "[1]", "null", '"x"']) {
      const req = request("/api/auth/signin/password", { method: "POST", headers: { "content-type": "application/json" }, body });
      expect((await refusal(cleanAuthRequest(req, ["signin", "password"], BASE))).status, body).toBe(400);
    }
  });

  it("hands a JSON body on as the form next-auth's client posts, string fields only", async () => {
    const body = JSON.stringify({ csrfToken: "t", username: { $ne: 1 }, password: ["x"], callbackUrl: "/keys" });
    const req = request("/api/auth/callback/password", { method: "POST", headers: { "content-type": "application/json" }, body });
    const clean = await cleanAuthRequest(req, ["callback", "password"], BASE);
    expect(clean.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(await clean.text()).toBe("csrfToken=t&callbackUrl=%2Fkeys");
  });

  it("refuses a body over 16 KiB with a 413", async () => {
    const req = request("/api/auth/callback/password", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `username=${"x".repeat(17 * 1024)}`,
    });
    expect((await refusal(cleanAuthRequest(req, ["callback", "password"], BASE))).status).toBe(413);
  });

  it("answers a path segment that is no next-auth action with a 404", async () => {
    for (const segments of [["sign in"], ["callback", "../sso"], ["error", "€"]]) {
      expect((await refusal(cleanAuthRequest(request("/api/auth/x"), segments, BASE))).status).toBe(404);
    }
  });

  it.each(["javascript:alert(1)", "a b", "%", "x/y", "u@h"])("answers an X-Forwarded-Host of %j with a 400", async (host) => {
    const headers = { "x-forwarded-host": host };
    expect(nextAuthCanTrustHost(headers)).toBe(false);
    expect((await refusal(cleanAuthRequest(request("/api/auth/session", { headers }), ["session"], BASE))).status).toBe(400);
  });

  it("trusts a Host that is a host name, with or without a port", () => {
    for (const host of ["127.0.0.1:3000", "connect.example.com", "[::1]:8080"]) expect(nextAuthCanTrustHost({ host })).toBe(true);
  });
});
