import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as me from "@/app/%5F_api__/v1/user/route";
import * as legacyCurrent from "@/app/%5F_api__/users/current/route";
import * as legacyMe from "@/app/%5F_api__/me/route";
import * as keys from "@/app/%5F_api__/v1/users/[guid]/keys/route";
import * as key from "@/app/%5F_api__/v1/users/[guid]/keys/[id]/route";
import * as users from "@/app/%5F_api__/v1/users/route";
import * as settings from "@/app/%5F_api__/v1/system/settings/route";
import { hashKey } from "@/lib/keys/secret";
import { call, makeUser } from "../support/fixtures";

describe("API keys", () => {
  it("identifies the caller by Key and by Bearer", async () => {
    const { user, key: secret } = await makeUser({ role: "publisher" });
    const a = await call(me.GET, { key: secret });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ guid: user.guid, username: user.username, user_role: "publisher" });
    expect(a.body.id).toBeUndefined();
    const b = await call(me.GET, { authorization: `Bearer ${secret}` });
    expect(b.body.guid).toBe(user.guid);
  });

  it("legacy endpoints include the numeric id", async () => {
    const { user, key: secret } = await makeUser();
    for (const handler of [legacyCurrent.GET, legacyMe.GET]) {
      const res = await call(handler, { key: secret });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, guid: user.guid });
    }
  });

  it("stores only a hash of the key", async () => {
    const { user } = await makeUser();
    const created = await call(keys.POST, {
      method: "POST",
      key: (await makeUserKey(user.id)).key,
      params: { guid: user.guid },
      body: { name: "laptop" },
    });
    expect(created.status).toBe(201);
    const secret: string = created.body.key;
    expect(secret).toMatch(/^apik_[A-Za-z0-9_-]{55}$/);
    const rows = await db.apiKey.findMany({ where: { userId: user.id } });
    for (const row of rows) {
      expect(JSON.stringify(row)).not.toContain(secret);
      expect(JSON.stringify(row)).not.toContain(secret.slice(17));
    }
    const listed = await call(keys.GET, { key: secret, params: { guid: user.guid } });
    expect(listed.body.map((k: { name: string }) => k.name)).toContain("laptop");
    expect(JSON.stringify(listed.body)).not.toContain(secret);
  });

  it("rejects an expired key with 401", async () => {
    const { keyId, key: secret } = await makeUser();
    await db.apiKey.update({ where: { id: keyId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await call(me.GET, { key: secret });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: expect.any(Number), error: expect.stringMatching(/expired/) });
  });

  it("rejects a revoked key with 401", async () => {
    const { user, keyId, key: secret } = await makeUser();
    const other = await makeUserKey(user.id);
    const del = await call(key.DELETE, { method: "DELETE", key: other.key, params: { guid: user.guid, id: String(keyId) } });
    expect(del.status).toBe(204);
    expect((await call(me.GET, { key: secret })).status).toBe(401);
    expect((await call(me.GET, { key: other.key })).status).toBe(200);
  });

  it("rejects unknown, wrong-secret and malformed credentials with 401, never 500", async () => {
    const { key: secret } = await makeUser();
    const tampered = secret.slice(0, -4) + (secret.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const authorization of ["Key nope", `Key ${tampered}`, "Basic abc", "Key", "", "Key a b", "Bearer " + "x".repeat(5000)]) {
      const res = await call(me.GET, { authorization });
      expect(res.status, authorization.slice(0, 20)).toBe(401);
      expect(res.body.error).toEqual(expect.any(String));
    }
  });

  it("answers 401 without credentials", async () => {
    expect((await call(me.GET)).status).toBe(401);
  });

  it("lets nobody manage another user's keys", async () => {
    const a = await makeUser({ role: "administrator" });
    const b = await makeUser();
    expect((await call(keys.GET, { key: a.key, params: { guid: b.user.guid } })).status).toBe(403);
    const del = await call(key.DELETE, { method: "DELETE", key: a.key, params: { guid: b.user.guid, id: String(b.keyId) } });
    expect(del.status).toBe(403);
    expect((await call(me.GET, { key: b.key })).status).toBe(200);
  });

  it("gives a viewer's and a publisher's key 403 on admin endpoints", async () => {
    for (const role of ["viewer", "publisher"] as const) {
      const { key: secret } = await makeUser({ role });
      expect((await call(users.POST, { method: "POST", key: secret, body: { username: "x" } })).status).toBe(403);
      expect((await call(settings.GET, { key: secret })).status).toBe(403);
      expect((await call(settings.PATCH, { method: "PATCH", key: secret, body: {} })).status).toBe(403);
    }
    const { key: viewer } = await makeUser({ role: "viewer" });
    expect((await call(users.GET, { key: viewer })).status).toBe(403);
  });

  it("shows each key's start, so two keys of the same name can be told apart, and never more", async () => {
    const { user, key: own } = await makeUser();
    const create = () => call(keys.POST, { method: "POST", key: own, params: { guid: user.guid }, body: { name: "laptop" } });
    const [a, b] = [(await create()).body, (await create()).body];
    expect(a.key_prefix).toBe(a.key.slice(0, 11));
    expect(b.key_prefix).toBe(b.key.slice(0, 11));
    expect(a.key_prefix).not.toBe(b.key_prefix);
    const listed = await call(keys.GET, { key: own, params: { guid: user.guid } });
    const laptops = listed.body.filter((k: { name: string }) => k.name === "laptop");
    expect(laptops.map((k: { id: string; key_prefix: string }) => [k.id, k.key_prefix]).sort()).toEqual(
      [[a.id, a.key_prefix], [b.id, b.key_prefix]].sort(),
    );
    expect(JSON.stringify(listed.body)).not.toContain(a.key.slice(11, 17));
  });

  it("keeps a key made before keys had two prefixes (fedk_, bare lookup id) valid, and shows its start", async () => {
    const { user } = await makeUser();
    const { randomBytes } = await import("node:crypto");
    const lookupId = randomBytes(9).toString("base64url");
    const old = `fedk_${lookupId}${randomBytes(32).toString("base64url")}`;
    await db.apiKey.create({ data: { lookupId, keyHash: hashKey(old), userId: user.id, name: "from before" } });
    const who = await call(me.GET, { key: old });
    expect(who.status).toBe(200);
    expect(who.body.guid).toBe(user.guid);
    const listed = await call(keys.GET, { key: old, params: { guid: user.guid } });
    expect(listed.body.find((k: { name: string }) => k.name === "from before").key_prefix).toBe(old.slice(0, 11));
    // The same id under the other prefix is another key: refused.
    expect((await call(me.GET, { key: `apik_${old.slice(5)}` })).status).toBe(401);
  });
});

async function makeUserKey(userId: number) {
  const { insertKey } = await import("@/lib/keys/service");
  return db.$transaction((tx) => insertKey(tx, userId, "other", null));
}
