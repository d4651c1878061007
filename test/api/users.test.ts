import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as users from "@/app/%5F_api__/v1/users/route";
import * as user from "@/app/%5F_api__/v1/users/[guid]/route";
import { call, makeUser, unique } from "../support/fixtures";

describe("users API", () => {
  it("lets an administrator create a user and read it back", async () => {
    const admin = await makeUser({ role: "administrator" });
    const username = unique("alice");
    const externalId = unique("sub");
    const created = await call(users.POST, {
      method: "POST",
      key: admin.key,
      body: { username, email: "alice@example.com", user_role: "publisher", external_id: externalId },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username, user_role: "publisher", external_id: externalId, locked: false });
    const row = await db.user.findUnique({ where: { guid: created.body.guid } });
    expect(row?.externalId).toBe(externalId);
    const read = await call(user.GET, { key: admin.key, params: { guid: created.body.guid } });
    expect(read.body).toMatchObject({ username, email: "alice@example.com" });
  });

  it("lists the offending fields on validation errors and writes nothing", async () => {
    const admin = await makeUser({ role: "administrator" });
    const before = await db.user.count();
    const res = await call(users.POST, {
      method: "POST",
      key: admin.key,
      body: { username: "", user_role: "emperor", email: "not-an-email" },
    });
    expect(res.status).toBe(400);
    const fields = res.body.payload.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(["email", "user_role", "username"]);
    expect(res.body.error).toMatch(/username/);
    expect(await db.user.count()).toBe(before);
  });

  it("answers 409 for a duplicate external_id, on create and on update", async () => {
    const admin = await makeUser({ role: "administrator" });
    const externalId = unique("sub");
    await makeUser({ externalId });
    const dup = await call(users.POST, {
      method: "POST",
      key: admin.key,
      body: { username: unique("bob"), external_id: externalId },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatch(/external_id/);
    const other = await makeUser();
    const patch = await call(user.PATCH, {
      method: "PATCH",
      key: admin.key,
      params: { guid: other.user.guid },
      body: { external_id: externalId },
    });
    expect(patch.status).toBe(409);
    expect((await db.user.findUnique({ where: { id: other.user.id } }))?.externalId).toBeNull();
  });

  it("answers 409 for a duplicate username", async () => {
    const admin = await makeUser({ role: "administrator" });
    const res = await call(users.POST, { method: "POST", key: admin.key, body: { username: admin.user.username } });
    expect(res.status).toBe(409);
  });

  it("updates role, external_id and locked, and a locked user's key stops working", async () => {
    const admin = await makeUser({ role: "administrator" });
    const target = await makeUser();
    const externalId = unique("sub");
    const res = await call(user.PATCH, {
      method: "PATCH",
      key: admin.key,
      params: { guid: target.user.guid },
      body: { user_role: "publisher", external_id: externalId, locked: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user_role: "publisher", external_id: externalId, locked: true });
    const me = await import("@/app/%5F_api__/v1/user/route");
    expect((await call(me.GET, { key: target.key })).status).toBe(401);
  });

  it("refuses an administrator's lock, new role or service-user kind on their own account, and saves nothing of it", async () => {
    const admin = await makeUser({ role: "administrator" });
    const self = (body: Record<string, unknown>) =>
      call(user.PATCH, { method: "PATCH", key: admin.key, params: { guid: admin.user.guid }, body });
    const refused = await self({ locked: true, user_role: "viewer", service_user: true, first_name: "Ada" });
    expect(refused.status).toBe(400);
    expect(refused.body.payload.fields.map((f: { field: string }) => f.field)).toEqual(["locked", "user_role", "service_user"]);
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.user.id } })).toMatchObject({
      locked: false,
      userRole: "administrator",
      serviceUser: false,
      firstName: admin.user.firstName,
    });
    // What leaves them able to work stays possible: their names, and the role they already have.
    expect((await self({ first_name: "Ada", user_role: "administrator", locked: false })).status).toBe(200);
    // Another administrator may still do it to them.
    const other = await makeUser({ role: "administrator" });
    const byOther = await call(user.PATCH, { method: "PATCH", key: other.key, params: { guid: admin.user.guid }, body: { locked: true } });
    expect(byOther.status).toBe(200);
  });

  it("rejects unknown fields and malformed JSON with 400", async () => {
    const admin = await makeUser({ role: "administrator" });
    const target = await makeUser();
    const res = await call(user.PATCH, {
      method: "PATCH",
      key: admin.key,
      params: { guid: target.user.guid },
      body: { password_hash: "x" },
    });
    expect(res.status).toBe(400);
    const bad = await call(users.POST, {
      method: "POST",
      key: admin.key,
      rawBody: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/JSON/);
  });

  it("pages and searches by prefix", async () => {
    const admin = await makeUser({ role: "administrator" });
    const prefix = unique("zz");
    for (let i = 0; i < 3; i++) {
      await call(users.POST, { method: "POST", key: admin.key, body: { username: `${prefix}-${i}` } });
    }
    const page1 = await call(users.GET, { key: admin.key, path: `/?prefix=${prefix}&page_size=2&page_number=1` });
    expect(page1.body.total).toBe(3);
    expect(page1.body.results.map((u: { username: string }) => u.username)).toEqual([`${prefix}-0`, `${prefix}-1`]);
    const page2 = await call(users.GET, { key: admin.key, path: `/?prefix=${prefix}&page_size=2&page_number=2` });
    expect(page2.body.results).toHaveLength(1);
    expect(page2.body.current_page).toBe(2);
  });

  it("shows publishers limited fields and 404s an unknown guid", async () => {
    const publisher = await makeUser({ role: "publisher" });
    const other = await makeUser({ externalId: unique("sub") });
    const res = await call(user.GET, { key: publisher.key, params: { guid: other.user.guid } });
    expect(res.status).toBe(200);
    expect(res.body.external_id).toBeUndefined();
    expect(res.body.email).toBeUndefined();
    const missing = await call(user.GET, { key: publisher.key, params: { guid: "nope" } });
    expect(missing.status).toBe(404);
  });
});

describe("users search", () => {
  const names = (res: { body: { results: { username: string }[] } }) => res.body.results.map((u) => u.username).sort();
  const search = (key: string, prefix: string) => call(users.GET, { key, path: `/?${new URLSearchParams({ prefix })}` });

  it("matches a publisher's prefix only against the fields a publisher may read", async () => {
    const admin = await makeUser({ role: "administrator" });
    const publisher = await makeUser({ role: "publisher" });
    const tag = unique("hid").replace(/-/g, "");
    const created = await call(users.POST, {
      method: "POST",
      key: admin.key,
      body: { username: unique("target"), email: `${tag}@example.com`, external_id: `ext${tag}`, first_name: `First${tag}` },
    });
    const username = created.body.username;

    for (const prefix of [tag.slice(0, 6), `${tag}@`, `ext${tag.slice(0, 4)}`, `ext${tag}`]) {
      const res = await search(publisher.key, prefix);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(0);
      expect(res.body.results).toEqual([]);
      expect(names(await search(admin.key, prefix))).toEqual([username]);
    }
    // What a publisher may read is still searchable.
    expect(names(await search(publisher.key, `First${tag}`))).toEqual([username]);
    expect(names(await search(publisher.key, username))).toEqual([username]);
  });

  it("takes % and _ literally and ignores case, on both databases", async () => {
    const admin = await makeUser({ role: "administrator" });
    const publisher = await makeUser({ role: "publisher" });
    const tag = unique("lit").replace(/-/g, "");
    const make = async (username: string, first_name = "") =>
      (await call(users.POST, { method: "POST", key: admin.key, body: { username, first_name } })).body.username as string;
    const underscore = await make(`${tag}a_c`);
    const letter = await make(`${tag}abc`);
    const percent = await make(unique("pct"), `${tag}50%off`);
    const digit = await make(unique("pct"), `${tag}500ff`);
    const backslash = await make(unique("bs"), `${tag}x\\y`);
    const mixedCase = await make(`${tag}CamelCase`);

    for (const key of [admin.key, publisher.key]) {
      expect(names(await search(key, `${tag}a_`))).toEqual([underscore]);
      expect(names(await search(key, `${tag}a`))).toEqual([underscore, letter].sort());
      expect(names(await search(key, `${tag}50%`))).toEqual([percent]);
      expect(names(await search(key, `${tag}5`))).toEqual([percent, digit].sort());
      expect(names(await search(key, `${tag}%`))).toEqual([]);
      expect(names(await search(key, `${tag}_`))).toEqual([]);
      expect(names(await search(key, `${tag}x\\`))).toEqual([backslash]);
      expect(names(await search(key, `${tag}camelc`))).toEqual([mixedCase]);
      expect(names(await search(key, `${tag.toUpperCase()}CAMEL`))).toEqual([mixedCase]);
    }
  });

  it("matches non-ASCII text as the database's lower() folds it, up to the last code points, and may match nothing", async () => {
    const admin = await makeUser({ role: "administrator" });
    const publisher = await makeUser({ role: "publisher" });
    const tag = unique("uni").replace(/-/g, "");
    const make = async (first_name: string) =>
      (await call(users.POST, { method: "POST", key: admin.key, body: { username: unique("u"), first_name } })).body.username as string;
    const upper = await make(`${tag}Élan`);
    const lower = await make(`${tag}élan`);
    const beforeSurrogates = await make(`${tag}\u{D7FF}a`);
    const afterSurrogates = await make(`${tag}\u{E000}`);
    const highest = await make(`${tag}\u{10FFFF}\u{10FFFF}`);
    const emoji = await make(`${tag}😀 party`);
    // SQLite's lower() folds ASCII only; PostgreSQL's as the database's locale says (C.UTF-8 folds É).
    const [{ folded }] = await db.$queryRaw<{ folded: string }[]>`SELECT lower(CAST(${"É"} AS TEXT)) AS folded`;
    const accented = folded === "é" ? [upper, lower].sort() : undefined;

    for (const key of [admin.key, publisher.key]) {
      expect(names(await search(key, `${tag}É`))).toEqual(accented ?? [upper]);
      expect(names(await search(key, `${tag}é`))).toEqual(accented ?? [lower]);
      expect(names(await search(key, `${tag}\u{D7FF}`))).toEqual([beforeSurrogates]);
      expect(names(await search(key, `${tag}\u{E000}`))).toEqual([afterSurrogates]);
      expect(names(await search(key, `${tag}\u{10FFFF}`))).toEqual([highest]);
      expect(names(await search(key, `${tag}😀`))).toEqual([emoji]);
      expect(names(await search(key, tag))).toEqual([upper, lower, beforeSurrogates, afterSurrogates, highest, emoji].sort());
      const none = await search(key, `${tag}zz`);
      expect(none.body).toMatchObject({ results: [], total: 0 });
    }
  });

  it("still filters by role and account status, and pages in username order", async () => {
    const admin = await makeUser({ role: "administrator" });
    const tag = unique("flt").replace(/-/g, "");
    for (const [suffix, user_role, locked] of [["a", "viewer", false], ["b", "publisher", true], ["c", "publisher", false]] as const) {
      await call(users.POST, { method: "POST", key: admin.key, body: { username: `${tag}${suffix}`, user_role, locked } });
    }
    const get = (query: string) => call(users.GET, { key: admin.key, path: `/?prefix=${tag}&${query}` });
    expect(names(await get("user_role=publisher"))).toEqual([`${tag}b`, `${tag}c`]);
    expect(names(await get("account_status=locked"))).toEqual([`${tag}b`]);
    expect(names(await get("account_status=licensed"))).toEqual([`${tag}a`, `${tag}c`]);
    expect(names(await get("account_status=inactive"))).toHaveLength(3);
    const page2 = await get("page_size=2&page_number=2");
    expect(page2.body).toMatchObject({ total: 3, current_page: 2 });
    expect(names(page2)).toEqual([`${tag}c`]);
  });
});
