// The dashboard's session cookie authenticates API calls; writes must be same-origin;
// sign-out, lock, role and password changes end a user's sessions.
import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { db } from "@/lib/db";
import * as me from "@/app/%5F_api__/v1/user/route";
import * as settings from "@/app/%5F_api__/v1/system/settings/route";
import * as userRoute from "@/app/%5F_api__/v1/users/[guid]/route";
import type { UpdateUserInput } from "@/lib/users/schema";
import { BASE, call, makeUser } from "../support/fixtures";
import { passwordSignIn, sessionCookieFor, signOut } from "../support/next-auth";

/** A session cookie as next-auth issues it at sign-in (with the user's current session version). */
async function sessionCookie(uid: number) {
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: uid } });
  return sessionCookieFor({ uid, sv: sessionVersion });
}

const whoAmI = async (cookie: string) => (await call(me.GET, { headers: { cookie } })).status;

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

describe("ending sessions", () => {
  const PASSWORD = "correct horse battery";

  /** A user signed in twice (two browsers), through next-auth's own sign-in. */
  async function signedInTwice(role: "viewer" | "publisher" = "viewer") {
    const { user, key } = await makeUser({ role, password: PASSWORD });
    const first = await passwordSignIn(user.username, PASSWORD);
    const second = await passwordSignIn(user.username, PASSWORD);
    expect(await whoAmI(first.session!)).toBe(200);
    expect(await whoAmI(second.session!)).toBe(200);
    return { user, key, sessions: [first.session!, second.session!] };
  }

  async function adminPatch(guid: string, body: UpdateUserInput) {
    const admin = await makeUser({ role: "administrator" });
    const res = await call(userRoute.PATCH, { method: "PATCH", key: admin.key, params: { guid }, body });
    expect(res.status).toBe(200);
    return res;
  }

  it("sign-out ends every session of the user, and a replayed cookie cannot sign out again", async () => {
    const { user, key, sessions } = await signedInTwice();
    const out = await signOut(sessions[0]);
    expect(out.cookies.get("next-auth.session-token")).toBe(""); // this browser's cookie is cleared
    expect(await whoAmI(sessions[0])).toBe(401);
    expect(await whoAmI(sessions[1])).toBe(401);
    // API keys are not sessions.
    expect((await call(me.GET, { key })).status).toBe(200);

    const fresh = await passwordSignIn(user.username, PASSWORD);
    expect(await whoAmI(fresh.session!)).toBe(200);
    await signOut(sessions[1]); // an ended session's cookie
    expect(await whoAmI(fresh.session!)).toBe(200);
    const audited = await db.auditEvent.count({ where: { action: "auth.sign_out", userId: user.id } });
    expect(audited).toBe(1);
  });

  it("a lock ends sessions, and they stay ended after the unlock", async () => {
    const { user, sessions } = await signedInTwice();
    await adminPatch(user.guid, { locked: true });
    expect(await whoAmI(sessions[0])).toBe(401);
    await adminPatch(user.guid, { locked: false });
    expect(await whoAmI(sessions[0])).toBe(401);
    expect(await whoAmI(sessions[1])).toBe(401);
    expect(await whoAmI((await passwordSignIn(user.username, PASSWORD)).session!)).toBe(200);
  });

  it("a role change ends sessions, even when the old role is given back", async () => {
    const { user, sessions } = await signedInTwice("publisher");
    await adminPatch(user.guid, { user_role: "viewer" });
    expect(await whoAmI(sessions[0])).toBe(401);
    await adminPatch(user.guid, { user_role: "publisher" });
    expect(await whoAmI(sessions[1])).toBe(401);
    const again = (await passwordSignIn(user.username, PASSWORD)).session!;
    expect((await call(me.GET, { headers: { cookie: again } })).body.user_role).toBe("publisher");
  });

  it("a password change ends sessions; the new password signs in and the old one does not", async () => {
    const { user, sessions } = await signedInTwice();
    const res = await adminPatch(user.guid, { password: "a brand new passphrase" });
    expect(res.body.password).toBeUndefined();
    expect(await whoAmI(sessions[0])).toBe(401);
    expect(await whoAmI(sessions[1])).toBe(401);
    expect((await passwordSignIn(user.username, PASSWORD)).session).toBeUndefined();
    expect(await whoAmI((await passwordSignIn(user.username, "a brand new passphrase")).session!)).toBe(200);
    const event = await db.auditEvent.findFirst({ where: { action: "user.update", userId: user.id }, orderBy: { id: "desc" } });
    expect(JSON.parse(event!.details!)).toMatchObject({ password_changed: true, sessions_ended: true });
    expect(event!.details).not.toMatch(/scrypt|passphrase/);
  });

  it("changes that grant nothing new keep sessions: the same role, names, email", async () => {
    const { user, sessions } = await signedInTwice();
    await adminPatch(user.guid, { user_role: "viewer", first_name: "Ada", email: "ada@example.com", locked: false });
    expect(await whoAmI(sessions[0])).toBe(200);
  });

  it("refuses a token without a session version (issued before versions existed) or with an old one", async () => {
    const { user } = await makeUser();
    expect(await whoAmI(await sessionCookieFor({ uid: user.id }))).toBe(401);
    await db.user.update({ where: { id: user.id }, data: { sessionVersion: 3 } });
    expect(await whoAmI(await sessionCookieFor({ uid: user.id, sv: 2 }))).toBe(401);
    expect(await whoAmI(await sessionCookieFor({ uid: user.id, sv: "3" }))).toBe(401);
    expect(await whoAmI(await sessionCookieFor({ uid: user.id, sv: 3 }))).toBe(200);
  });
});
