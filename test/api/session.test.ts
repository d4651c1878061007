// The dashboard's session cookie authenticates API calls; writes must be same-origin.
import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import * as me from "@/app/%5F_api__/v1/user/route";
import * as settings from "@/app/%5F_api__/v1/system/settings/route";
import { BASE, call, makeUser } from "../support/fixtures";

async function sessionCookie(uid: number) {
  const token = await encode({ token: { uid }, secret: process.env.AUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}

describe("session callers", () => {
  it("reads with the session cookie", async () => {
    const { user } = await makeUser({ role: "viewer" });
    const res = await call(me.GET, { headers: { cookie: await sessionCookie(user.id) } });
    expect(res.status).toBe(200);
    expect(res.body.guid).toBe(user.guid);
  });

  it("accepts same-origin writes and refuses cross-origin ones", async () => {
    const { user } = await makeUser({ role: "administrator" });
    const cookie = await sessionCookie(user.id);
    const body = { "Federation.MaxKeyLifetime": 3600 };
    const same = await call(settings.PATCH, { method: "PATCH", body, headers: { cookie, origin: BASE } });
    expect(same.status).toBe(200);
    const cross = await call(settings.PATCH, { method: "PATCH", body, headers: { cookie, origin: "https://evil.example" } });
    expect(cross.status).toBe(403);
    expect(cross.body.error).toMatch(/Cross-origin/);
    const none = await call(settings.PATCH, { method: "PATCH", body, headers: { cookie } });
    expect(none.status).toBe(403);
  });

  it("ignores a forged or foreign-secret cookie", async () => {
    const { user } = await makeUser({ role: "administrator" });
    const forged = await encode({ token: { uid: user.id }, secret: "another-secret-another-secret-another" });
    const res = await call(me.GET, { headers: { cookie: `next-auth.session-token=${forged}` } });
    expect(res.status).toBe(401);
  });
});
