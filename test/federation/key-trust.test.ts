// SPEC §8 trust model: a federated key stays short-lived (no key management,
// revocable per integration) and acts with at most its integration's max_role.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deleteIntegration, updateIntegration, type LoadedIntegration } from "@/lib/federation/integrations";
import * as me from "@/app/%5F_api__/v1/user/route";
import * as keys from "@/app/%5F_api__/v1/users/[guid]/keys/route";
import * as key from "@/app/%5F_api__/v1/users/[guid]/keys/[id]/route";
import * as users from "@/app/%5F_api__/v1/users/route";
import * as settings from "@/app/%5F_api__/v1/system/settings/route";
import * as content from "@/app/%5F_api__/v1/content/route";
import * as integrations from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as integrationRoute from "@/app/%5F_api__/v1/oauth/integrations/[guid]/route";
import * as revokeKeys from "@/app/%5F_api__/v1/oauth/integrations/[guid]/revoke_keys/route";
import * as explain from "@/app/%5F_api__/v1/oauth/integrations/explain/route";
import { startOidcProvider, type OidcFixture } from "../support/oidc-provider";
import { call, makeUser, unique } from "../support/fixtures";
import { federatedKey, setFederation, signToken, trustProvider } from "../support/federation";

// Two identity providers: the organisation's, and a second one the administrator also trusts.
let op: OidcFixture;
let second: OidcFixture;
let primary: LoadedIntegration;
let other: LoadedIntegration;

beforeAll(async () => {
  [op, second] = await Promise.all([startOidcProvider(), startOidcProvider()]);
  primary = await trustProvider(op);
  other = await trustProvider(second);
  await setFederation(true);
});

afterAll(async () => {
  for (const i of [primary, other]) if (i) await deleteIntegration(i.guid, "system").catch(() => undefined);
  await Promise.all([op?.close(), second?.close()]);
});

const isActive = async (secret: string) => (await call(me.GET, { key: secret })).status;

describe("a federated key cannot manage API keys", () => {
  it("gets 403 federated_key_not_allowed on create, list and delete, and creates nothing", async () => {
    const sub = unique("sub");
    const { user, keyId } = await makeUser({ role: "publisher", externalId: sub });
    const fedKey = await federatedKey(op, sub);
    const before = await db.apiKey.count({ where: { userId: user.id } });
    const params = { guid: user.guid };

    const created = await call(keys.POST, { method: "POST", key: fedKey, params, body: { name: "x" } });
    const listed = await call(keys.GET, { key: fedKey, params });
    const deleted = await call(key.DELETE, { method: "DELETE", key: fedKey, params: { ...params, id: String(keyId) } });
    for (const res of [created, listed, deleted]) {
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body.payload).toEqual({ reason: "federated_key_not_allowed" });
      expect(res.body.error).toMatch(/federation cannot create, list or delete API keys/);
    }
    expect(await db.apiKey.count({ where: { userId: user.id } })).toBe(before);
    expect(await isActive((await makeUser()).key)).toBe(200); // sanity: ordinary keys still work
    const own = await db.apiKey.findUniqueOrThrow({ where: { id: keyId } });
    expect(own.revokedAt).toBeNull();
  });

  it("the same user's ordinary key still manages keys", async () => {
    const sub = unique("sub");
    const { user, key: ordinary } = await makeUser({ role: "publisher", externalId: sub });
    const res = await call(keys.POST, { method: "POST", key: ordinary, params: { guid: user.guid }, body: { name: "laptop" } });
    expect(res.status).toBe(201);
  });
});

describe("revoking the keys an integration minted", () => {
  it("revokes only that integration's active keys; they stop authenticating; audited", async () => {
    const admin = await makeUser({ role: "administrator" });
    const [subA, subB, subC] = [unique("sub"), unique("sub"), unique("sub")];
    await makeUser({ role: "publisher", externalId: subA });
    await makeUser({ role: "publisher", externalId: subB });
    const { user: userC } = await makeUser({ role: "publisher", externalId: subC });
    // Earlier tests' keys of this integration are not this test's business.
    await db.apiKey.updateMany({ where: { integrationId: primary.id }, data: { revokedAt: new Date() } });
    const fromPrimary = [await federatedKey(op, subA), await federatedKey(op, subB)];
    const fromOther = await federatedKey(second, subA);
    // An expired key of the same integration is not active: not counted, not touched.
    await federatedKey(op, subC);
    const expired = await db.apiKey.findFirstOrThrow({ where: { userId: userC.id, integrationId: primary.id } });
    await db.apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await Promise.all(fromPrimary.map(isActive))).toEqual([200, 200]);

    const overview = await call(integrationRoute.GET, { key: admin.key, params: { guid: primary.guid } });
    expect(overview.body.active_keys).toBe(2);

    const res = await call(revokeKeys.POST, { method: "POST", key: admin.key, params: { guid: primary.guid } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ revoked: 2 });
    for (const k of fromPrimary) {
      const who = await call(me.GET, { key: k });
      expect(who.status).toBe(401);
      expect(who.body.error).toMatch(/revoked/);
    }
    expect(await isActive(fromOther)).toBe(200);
    expect(await isActive(admin.key)).toBe(200);

    const audit = await db.auditEvent.findFirst({ where: { action: "integration.revoke_keys", integrationId: primary.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ outcome: "success", actorUserId: admin.user.id });
    expect(JSON.parse(audit!.details!)).toEqual({ revoked_keys: 2 });
    const after = await call(integrationRoute.GET, { key: admin.key, params: { guid: primary.guid } });
    expect(after.body.active_keys).toBe(0);
    expect(after.body.enabled).toBe(true); // the integration itself is unchanged
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: expired.id } })).revokedAt).toBeNull();

    // A second call finds nothing left to revoke.
    expect((await call(revokeKeys.POST, { method: "POST", key: admin.key, params: { guid: primary.guid } })).body).toEqual({ revoked: 0 });
  });

  it("is for administrators only, and 404 for an unknown integration", async () => {
    const publisher = await makeUser({ role: "publisher" });
    const admin = await makeUser({ role: "administrator" });
    const sub = unique("sub");
    await makeUser({ role: "publisher", externalId: sub });
    const fedKey = await federatedKey(op, sub);
    const refused = await call(revokeKeys.POST, { method: "POST", key: publisher.key, params: { guid: primary.guid } });
    expect(refused.status).toBe(403);
    expect(await isActive(fedKey)).toBe(200);
    expect((await call(revokeKeys.POST, { method: "POST", params: { guid: primary.guid } })).status).toBe(401);
    const missing = await call(revokeKeys.POST, { method: "POST", key: admin.key, params: { guid: "00000000-0000-0000-0000-000000000000" } });
    expect(missing.status).toBe(404);
  });
});

describe("an integration's maximum role", () => {
  it("caps an administrator's federated key at publisher by default, everywhere the role is checked", async () => {
    // The second provider's token names the administrator's external_id.
    const sub = unique("admin-sub");
    const { user } = await makeUser({ role: "administrator", externalId: sub });
    expect(other.config.max_role).toBe("publisher");
    const capped = await federatedKey(second, sub);

    const row = await db.apiKey.findFirstOrThrow({ where: { userId: user.id, integrationId: other.id }, orderBy: { id: "desc" } });
    expect(row.maxRole).toBe("publisher");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { apiKeyId: row.id, action: "federation.exchange" } });
    expect(JSON.parse(audit.details!)).toMatchObject({ max_role: "publisher" });

    const who = await call(me.GET, { key: capped });
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ guid: user.guid, user_role: "publisher" });
    expect((await call(settings.GET, { key: capped })).status).toBe(403);
    expect((await call(settings.PATCH, { method: "PATCH", key: capped, body: { "Federation.MaxKeyLifetime": 60 } })).status).toBe(403);
    const created = await call(users.POST, { method: "POST", key: capped, body: { username: unique("made"), user_role: "administrator" } });
    expect(created.status).toBe(403);
    // What publishers may do, it may: read users (limited fields) and publish.
    const listed = await call(users.GET, { key: capped, path: "/__api__/v1/users" });
    expect(listed.status).toBe(200);
    expect(listed.body.results[0]).not.toHaveProperty("external_id");
    expect((await call(content.POST, { method: "POST", key: capped, body: { name: unique("app") } })).status).toBe(201);
    expect((await db.setting.findUnique({ where: { name: "Federation.MaxKeyLifetime" } }))?.value).not.toBe("60");
  });

  it("lets an administrator's key act as administrator when the cap is administrator; old keys keep their cap", async () => {
    const sub = unique("admin-sub");
    await makeUser({ role: "administrator", externalId: sub });
    const before = await federatedKey(second, sub);
    await updateIntegration(other.guid, { config: { max_role: "administrator" } }, "system");
    try {
      const full = await federatedKey(second, sub);
      expect((await call(settings.GET, { key: full })).status).toBe(200);
      expect((await call(me.GET, { key: full })).body.user_role).toBe("administrator");
      // The cap is recorded on the key when minted: raising it later does not raise old keys.
      expect((await call(settings.GET, { key: before })).status).toBe(403);
    } finally {
      await updateIntegration(other.guid, { config: { max_role: "publisher" } }, "system");
    }
  });

  it("never raises a role: a viewer stays a viewer under an administrator cap", async () => {
    const sub = unique("viewer-sub");
    await makeUser({ role: "viewer", externalId: sub });
    await updateIntegration(other.guid, { config: { max_role: "administrator" } }, "system");
    try {
      const k = await federatedKey(second, sub);
      expect((await call(me.GET, { key: k })).body.user_role).toBe("viewer");
      expect((await call(content.POST, { method: "POST", key: k, body: { name: unique("app") } })).status).toBe(403);
    } finally {
      await updateIntegration(other.guid, { config: { max_role: "publisher" } }, "system");
    }
  });

  it("a viewer cap makes a publisher's key read-only", async () => {
    const sub = unique("pub-sub");
    await makeUser({ role: "publisher", externalId: sub });
    await updateIntegration(other.guid, { config: { max_role: "viewer" } }, "system");
    try {
      const k = await federatedKey(second, sub);
      expect((await call(content.POST, { method: "POST", key: k, body: { name: unique("app") } })).status).toBe(403);
      expect((await call(content.GET, { key: k })).status).toBe(200);
    } finally {
      await updateIntegration(other.guid, { config: { max_role: "publisher" } }, "system");
    }
  });

  it("defaults to publisher, is returned by the API, and is validated on create and update", async () => {
    const admin = await makeUser({ role: "administrator" });
    const base = { template: "oidc-federation", name: unique("idp"), config: { issuer: "https://idp.example.com", client_id: "c" } };
    const created = await call(integrations.POST, { method: "POST", key: admin.key, body: base });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.config.max_role).toBe("publisher");
    try {
      const bad = await call(integrations.POST, {
        method: "POST",
        key: admin.key,
        body: { ...base, name: unique("idp"), config: { ...base.config, max_role: "root" } },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.payload.fields).toEqual([{ field: "config.max_role", message: "must be one of administrator, publisher, viewer" }]);

      const patch = (config: Record<string, unknown>) =>
        call(integrationRoute.PATCH, { method: "PATCH", key: admin.key, params: { guid: created.body.guid }, body: { config } });
      const badPatch = await patch({ max_role: "superuser" });
      expect(badPatch.status).toBe(400);
      expect(badPatch.body.payload.fields).toEqual([{ field: "config.max_role", message: "must be one of administrator, publisher, viewer" }]);
      const good = await patch({ max_role: "viewer" });
      expect(good.status).toBe(200);
      expect(good.body.config.max_role).toBe("viewer");
      const shown = await call(integrationRoute.GET, { key: admin.key, params: { guid: created.body.guid } });
      expect(shown.body.config.max_role).toBe("viewer");
    } finally {
      await deleteIntegration(created.body.guid, "system");
    }
  });

  it("an integration stored before max_role existed reads as publisher", async () => {
    const row = await db.integration.create({
      data: {
        guid: crypto.randomUUID(),
        name: unique("legacy"),
        template: "posit-workbench-federation",
        config: JSON.stringify({ issuer: "https://legacy.example.com", client_id: "w", match_claim: "sub", allow_private_issuer: false }),
        enabled: false,
      },
    });
    try {
      const admin = await makeUser({ role: "administrator" });
      const res = await call(integrationRoute.GET, { key: admin.key, params: { guid: row.guid } });
      expect(res.status).toBe(200);
      expect(res.body.config.max_role).toBe("publisher");
    } finally {
      await deleteIntegration(row.guid, "system");
    }
  });

  it("the token debugger shows the cap and the role a key would act with", async () => {
    const admin = await makeUser({ role: "administrator" });
    const sub = unique("admin-sub");
    await makeUser({ role: "administrator", externalId: sub });
    const token = await signToken(second, { sub });
    const res = await call(explain.POST, { method: "POST", key: admin.key, body: { token, integration_guid: other.guid } });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.integration).toMatchObject({ guid: other.guid, max_role: "publisher" });
    expect(res.body.user).toMatchObject({ user_role: "administrator" });
    expect(res.body.effective_role).toBe("publisher");
  });
});
