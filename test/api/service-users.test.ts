// Service users (#15 item 3): a pipeline's account. It is created with the
// pipeline's subject as external_id, gets keys by token exchange, and never
// signs in to the dashboard — not by password, not by single sign-on.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as users from "@/app/%5F_api__/v1/users/route";
import * as me from "@/app/%5F_api__/v1/user/route";
import * as user from "@/app/%5F_api__/v1/users/[guid]/route";
import { authOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { redirectErrorMessage } from "@/components/login/sign-in-messages";
import { SERVICE_USER_SIGN_IN } from "@/lib/users/schema";
import { BASE, call, makeUser, unique } from "../support/fixtures";
import { exchange, exchangeForm, signToken, trustedProviderForFile } from "../support/federation";
import { passwordSignIn, sessionCookieFor } from "../support/next-auth";

const ctx = trustedProviderForFile();
const PASSWORD = "correct horse battery";

async function createServiceUser(admin: string, externalId: string, extra: Record<string, unknown> = {}) {
  return call(users.POST, {
    method: "POST",
    key: admin,
    body: { username: unique("pipeline"), external_id: externalId, service_user: true, ...extra },
  });
}

/** A service user that somehow holds a password (set before it became one, or directly in the database). */
async function serviceUserWithPassword() {
  const { key } = await makeUser({ role: "administrator" });
  const created = await createServiceUser(key, unique("repo:org/site:environment:production"));
  expect(created.status).toBe(201);
  await db.user.update({ where: { guid: created.body.guid }, data: { passwordHash: await hashPassword(PASSWORD) } });
  return created.body as { guid: string; username: string; external_id: string };
}

describe("creating a service user", () => {
  it("is a publisher by default, and the API says it is a service user", async () => {
    const { key } = await makeUser({ role: "administrator" });
    const sub = unique("repo:octo-org/site:environment:production");
    const res = await createServiceUser(key, sub);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ external_id: sub, user_role: "publisher", service_user: true });

    const listed = await call(users.GET, { key, path: `/__api__/v1/users?prefix=${res.body.username}` });
    expect(listed.body.results).toEqual([expect.objectContaining({ guid: res.body.guid, service_user: true })]);
    // Ordinary users are still viewers by default, and not service users.
    const plain = await call(users.POST, { method: "POST", key, body: { username: unique("person") } });
    expect(plain.body).toMatchObject({ user_role: "viewer", service_user: false });
  });

  it("keeps an explicit role, and refuses a password on the password field", async () => {
    const { key } = await makeUser({ role: "administrator" });
    const viewer = await createServiceUser(key, unique("ci"), { user_role: "viewer" });
    expect(viewer.body.user_role).toBe("viewer");

    const withPassword = await createServiceUser(key, unique("ci"), { password: PASSWORD });
    expect(withPassword.status).toBe(400);
    expect(withPassword.body.payload.fields).toEqual([expect.objectContaining({ field: "password" })]);
    expect(withPassword.body.error).toMatch(/service user/);
  });

  it("refuses a password set later, as the edit form's reset would", async () => {
    const { key } = await makeUser({ role: "administrator" });
    const created = await createServiceUser(key, unique("ci"));
    const res = await call(user.PATCH, {
      method: "PATCH",
      key,
      path: `/__api__/v1/users/${created.body.guid}`,
      params: { guid: created.body.guid },
      body: { password: PASSWORD },
    });
    expect(res.status).toBe(400);
    expect(res.body.payload.fields).toEqual([expect.objectContaining({ field: "password" })]);
    expect((await db.user.findUniqueOrThrow({ where: { guid: created.body.guid } })).passwordHash).toBeNull();
  });
});

describe("changing whether a user is a service user", () => {
  const patch = (key: string, guid: string, body: Record<string, unknown>) =>
    call(user.PATCH, { method: "PATCH", key, path: `/__api__/v1/users/${guid}`, params: { guid }, body });

  it("made one, a user loses its password and its sessions, and the audit log says so", async () => {
    const { key } = await makeUser({ role: "administrator" });
    const person = await makeUser({ password: PASSWORD, externalId: unique("ci") });
    const res = await patch(key, person.user.guid, { service_user: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.service_user).toBe(true);
    const row = await db.user.findUniqueOrThrow({ where: { guid: person.user.guid } });
    expect(row).toMatchObject({ serviceUser: true, passwordHash: null, sessionVersion: person.user.sessionVersion + 1 });
    expect((await passwordSignIn(person.user.username, PASSWORD)).session).toBeUndefined();
    const event = await db.auditEvent.findFirst({ where: { action: "user.update", userId: row.id }, orderBy: { id: "desc" } });
    expect(JSON.parse(event!.details!)).toMatchObject({
      before: { service_user: false },
      after: { service_user: true },
      password_removed: true,
      sessions_ended: true,
    });
    // Its keys by token exchange go on working: it is the same user.
    expect((await call(me.GET, { key: person.key })).status).toBe(200);
  });

  it("made an ordinary user again, it may be given a password in the same save, and signs in", async () => {
    const { key } = await makeUser({ role: "administrator" });
    const created = await createServiceUser(key, unique("ci"));
    const res = await patch(key, created.body.guid, { service_user: false, password: PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.service_user).toBe(false);
    expect((await passwordSignIn(created.body.username, PASSWORD)).session).toBeDefined();
  });

  it("refuses a password in the save that makes one, and changes nothing", async () => {
    const { key } = await makeUser({ role: "administrator" });
    const person = await makeUser({ password: PASSWORD });
    const res = await patch(key, person.user.guid, { service_user: true, password: "another long password" });
    expect(res.status).toBe(400);
    expect(res.body.payload.fields).toEqual([expect.objectContaining({ field: "password" })]);
    expect(await db.user.findUniqueOrThrow({ where: { guid: person.user.guid } })).toMatchObject({ serviceUser: false, passwordHash: person.user.passwordHash });
  });
});

describe("a service user cannot sign in to the dashboard", () => {
  it("by password: refused with a message that says why, and no session", async () => {
    const user = await serviceUserWithPassword();
    const res = await passwordSignIn(user.username, PASSWORD);
    expect(res.session).toBeUndefined();
    expect(new URL(res.url!, BASE).searchParams.get("error")).toBe(SERVICE_USER_SIGN_IN);
    const event = await db.auditEvent.findFirst({ where: { action: "auth.sign_in", reason: "service_user" }, orderBy: { id: "desc" } });
    expect(event?.outcome).toBe("failure");

    // A wrong password says nothing about what kind of account it is.
    const wrong = await passwordSignIn(user.username, "not the password at all");
    expect(new URL(wrong.url!, BASE).searchParams.get("error")).toBe("CredentialsSignin");
  });

  it("by single sign-on: sent back to the sign-in page with the same explanation", async () => {
    const user = await serviceUserWithPassword();
    const signIn = authOptions.callbacks!.signIn!;
    const verdict = await signIn({ account: { provider: "sso" }, profile: { sub: user.external_id } } as never);
    expect(verdict).toBe("/login?error=ServiceUser");
    expect(redirectErrorMessage("ServiceUser")).toBe(SERVICE_USER_SIGN_IN);

    const person = await makeUser({ externalId: unique("person-sub") });
    expect(await signIn({ account: { provider: "sso" }, profile: { sub: person.user.externalId } } as never)).toBe(true);
  });

  it("and a session cookie made for one is not honoured", async () => {
    const user = await serviceUserWithPassword();
    const row = await db.user.findUniqueOrThrow({ where: { guid: user.guid } });
    const cookie = await sessionCookieFor({ uid: row.id, sv: row.sessionVersion });
    expect((await call(me.GET, { headers: { cookie } })).status).toBe(401);
  });
});

describe("a service user publishes through token exchange", () => {
  it("gets a key for a token whose sub is its external_id, and the key works", async () => {
    const { key: admin } = await makeUser({ role: "administrator" });
    const sub = unique("system:serviceaccount:publishing:deployer");
    const created = await createServiceUser(admin, sub);
    const res = await exchange(exchangeForm(await signToken(ctx.op, { sub, aud: "workbench" })));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const who = await call(me.GET, { key: res.body.access_token });
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ guid: created.body.guid, user_role: "publisher" });
  });
});
