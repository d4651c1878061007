import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as contentList from "@/app/%5F_api__/v1/content/route";
import * as contentItem from "@/app/%5F_api__/v1/content/[guid]/route";
import { call, makeUser, unique } from "../support/fixtures";

const create = (key: string, body: unknown) => call(contentList.POST, { method: "POST", key, body });

describe("content API", () => {
  it("creates content in Connect's shape, owned by the caller", async () => {
    const { user, key } = await makeUser({ role: "publisher" });
    const name = unique("site");
    const res = await create(key, { name, title: "My site", description: "A test" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      guid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name,
      title: "My site",
      description: "A test",
      owner_guid: user.guid,
      app_mode: "unknown",
      bundle_id: null,
      access_type: "acl",
      id: expect.any(String),
      created_time: expect.any(String),
      last_deployed_time: expect.any(String),
    });
    expect(new URL(res.body.content_url).pathname).toBe(`/content/${res.body.guid}/`);
    expect(res.body.dashboard_url).toContain(res.body.guid);
    const row = await db.content.findUniqueOrThrow({ where: { guid: res.body.guid } });
    expect(row.ownerId).toBe(user.id);
    const audit = await db.auditEvent.findFirst({ where: { action: "content.create", userId: user.id } });
    expect(audit?.details).toContain(res.body.guid);
  });

  it("validates the name as Connect does and keeps it unique per owner", async () => {
    const a = await makeUser({ role: "publisher" });
    const b = await makeUser({ role: "publisher" });
    for (const name of ["ab", "has space", "slash/name", "x".repeat(65), "dot.name", ""]) {
      const res = await create(a.key, { name });
      expect(res.status, name).toBe(400);
      expect(res.body.payload.fields[0].field).toBe("name");
    }
    expect((await create(a.key, { title: "no name" })).status).toBe(400);
    const name = unique("Dup_name");
    expect((await create(a.key, { name })).status).toBe(201);
    const dup = await create(a.key, { name });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatch(/unique per owner/);
    expect((await create(b.key, { name })).status).toBe(201);
  });

  it("lets the owner read, change and delete their content", async () => {
    const { key } = await makeUser({ role: "publisher" });
    const { body: item } = await create(key, { name: unique("crud") });
    const params = { guid: item.guid };
    const read = await call(contentItem.GET, { key, params });
    expect(read.status).toBe(200);
    expect(read.body.guid).toBe(item.guid);

    const renamed = unique("renamed");
    const patched = await call(contentItem.PATCH, { method: "PATCH", key, params, body: { name: renamed, title: "New title" } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: renamed, title: "New title" });
    expect((await call(contentItem.PATCH, { method: "PATCH", key, params, body: { name: "a b" } })).status).toBe(400);
    expect((await call(contentItem.PATCH, { method: "PATCH", key, params, body: { title: null } })).body.title).toBeNull();

    expect((await call(contentItem.DELETE, { method: "DELETE", key, params })).status).toBe(204);
    expect((await call(contentItem.GET, { key, params })).status).toBe(404);
    expect(await db.content.findUnique({ where: { guid: item.guid } })).toBeNull();
  });

  it("refuses a rename onto another item's name with 409", async () => {
    const { key } = await makeUser({ role: "publisher" });
    const first = await create(key, { name: unique("one") });
    const second = await create(key, { name: unique("two") });
    const res = await call(contentItem.PATCH, {
      method: "PATCH",
      key,
      params: { guid: second.body.guid },
      body: { name: first.body.name },
    });
    expect(res.status).toBe(409);
  });

  it("hides another publisher's content: 404 to read, change or delete it", async () => {
    const owner = await makeUser({ role: "publisher" });
    const other = await makeUser({ role: "publisher" });
    const { body: item } = await create(owner.key, { name: unique("private"), title: "Mine" });
    const params = { guid: item.guid };
    expect((await call(contentItem.GET, { key: other.key, params })).status).toBe(404);
    expect((await call(contentItem.PATCH, { method: "PATCH", key: other.key, params, body: { title: "Hijacked" } })).status).toBe(404);
    expect((await call(contentItem.DELETE, { method: "DELETE", key: other.key, params })).status).toBe(404);
    const list = await call(contentList.GET, { key: other.key });
    expect(list.body.map((c: { guid: string }) => c.guid)).not.toContain(item.guid);
    expect((await db.content.findUniqueOrThrow({ where: { guid: item.guid } })).title).toBe("Mine");
  });

  it("answers 403 to a viewer creating content, and an empty list", async () => {
    const viewer = await makeUser({ role: "viewer" });
    const res = await create(viewer.key, { name: unique("viewer") });
    expect(res.status).toBe(403);
    const list = await call(contentList.GET, { key: viewer.key });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([]);
  });

  it("shows administrators all content and lets them change it", async () => {
    const owner = await makeUser({ role: "publisher" });
    const admin = await makeUser({ role: "administrator" });
    const { body: item } = await create(owner.key, { name: unique("admin-sees") });
    const list = await call(contentList.GET, { key: admin.key, path: "/?include=owner" });
    const found = list.body.find((c: { guid: string }) => c.guid === item.guid);
    expect(found).toMatchObject({ owner_guid: owner.user.guid, owner: { username: owner.user.username }, app_role: "none" });
    const own = await call(contentList.GET, { key: owner.key });
    expect(own.body.map((c: { guid: string }) => c.guid)).toEqual([item.guid]);
    const patched = await call(contentItem.PATCH, {
      method: "PATCH",
      key: admin.key,
      params: { guid: item.guid },
      body: { description: "reviewed" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.owner_guid).toBe(owner.user.guid);
  });

  it("filters the list by name and owner_guid", async () => {
    const owner = await makeUser({ role: "publisher" });
    const admin = await makeUser({ role: "administrator" });
    const name = unique("filtered");
    await create(owner.key, { name });
    await create(owner.key, { name: unique("other") });
    const byName = await call(contentList.GET, { key: owner.key, path: `/?name=${name}` });
    expect(byName.body.map((c: { name: string }) => c.name)).toEqual([name]);
    const byOwner = await call(contentList.GET, { key: admin.key, path: `/?owner_guid=${owner.user.guid}` });
    expect(byOwner.body).toHaveLength(2);
  });

  it("rejects an access type other than acl", async () => {
    const { key } = await makeUser({ role: "publisher" });
    const res = await create(key, { name: unique("public"), access_type: "all" });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/acl/);
  });

  it("answers 401 to an expired key and to no credentials", async () => {
    const { key, keyId } = await makeUser({ role: "publisher" });
    await db.apiKey.update({ where: { id: keyId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(contentList.GET, { key })).status).toBe(401);
    expect((await create(key, { name: unique("expired") })).status).toBe(401);
    expect((await call(contentList.GET)).status).toBe(401);
  });
});
