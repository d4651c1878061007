import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as list from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as one from "@/app/%5F_api__/v1/oauth/integrations/[guid]/route";
import * as templates from "@/app/%5F_api__/v1/oauth/templates/route";
import * as template from "@/app/%5F_api__/v1/oauth/templates/[id]/route";
import { call, makeUser, unique } from "../support/fixtures";

const workbench = (config: Record<string, unknown> = {}) => ({
  template: "posit-workbench-federation",
  name: unique("Workbench"),
  config: { issuer: "https://sso.example.com/realms/main", client_id: "workbench", ...config },
});

describe("templates", () => {
  it("describes both federation templates with their fields", async () => {
    const { key } = await makeUser({ role: "publisher" });
    const res = await call(templates.GET, { key });
    expect(res.status).toBe(200);
    expect(res.body.map((t: { id: string }) => t.id)).toEqual(["posit-workbench-federation", "oidc-federation"]);
    const oidc = await call(template.GET, { key, params: { id: "oidc-federation" } });
    expect(oidc.body).toMatchObject({ name: "OpenID Connect Federation", auth_type: "Identity Federation" });
    expect(oidc.body.fields.map((f: { key: string }) => f.key)).toEqual(
      expect.arrayContaining(["issuer", "client_id", "match_claim", "allowed_algs", "clock_skew", "required_claims"]),
    );
    expect((await call(template.GET, { key, params: { id: "nope" } })).status).toBe(404);
  });
});

describe("integrations API", () => {
  it("creates, reads, updates and deletes, auditing each change with before and after", async () => {
    const admin = await makeUser({ role: "administrator" });
    const created = await call(list.POST, { method: "POST", key: admin.key, body: workbench() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      template: "posit-workbench-federation",
      auth_type: "Identity Federation",
      enabled: true,
      config: { issuer: "https://sso.example.com/realms/main", client_id: "workbench", match_claim: "sub" },
    });
    const guid = created.body.guid;

    const patched = await call(one.PATCH, {
      method: "PATCH",
      key: admin.key,
      params: { guid },
      body: { enabled: false, config: { client_id: "workbench-2" } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ enabled: false, config: { client_id: "workbench-2", issuer: "https://sso.example.com/realms/main" } });

    const events = await db.auditEvent.findMany({ where: { integrationId: Number(created.body.id) }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["integration.create", "integration.update"]);
    const details = JSON.parse(events[1].details!);
    expect(details.before.config.client_id).toBe("workbench");
    expect(details.after.config.client_id).toBe("workbench-2");
    expect(events[1].actorUserId).toBe(admin.user.id);

    expect((await call(one.DELETE, { method: "DELETE", key: admin.key, params: { guid } })).status).toBe(204);
    expect((await call(one.GET, { key: admin.key, params: { guid } })).status).toBe(404);
    expect(await db.auditEvent.count({ where: { integrationId: Number(created.body.id), action: "integration.delete" } })).toBe(1);
  });

  it("lists field errors for a bad issuer and an empty client ID, and saves nothing", async () => {
    const admin = await makeUser({ role: "administrator" });
    const before = await db.integration.count();
    for (const [config, fields] of [
      [{ issuer: "not a url", client_id: "" }, ["config.client_id", "config.issuer"]],
      [{ issuer: "https://sso.example.com/?tenant=1" }, ["config.issuer"]],
      [{ issuer: "https://sso.example.com/#top" }, ["config.issuer"]],
      [{ issuer: "http://sso.example.com" }, ["config.issuer"]],
      [{ match_claim: "two words" }, ["config.match_claim"]],
    ] as const) {
      const res = await call(list.POST, { method: "POST", key: admin.key, body: workbench(config) });
      expect(res.status, JSON.stringify(config)).toBe(400);
      expect(res.body.payload.fields.map((f: { field: string }) => f.field).sort()).toEqual(fields);
    }
    expect(await db.integration.count()).toBe(before);
  });

  it("accepts http only with the private-issuer opt-in", async () => {
    const admin = await makeUser({ role: "administrator" });
    const res = await call(list.POST, {
      method: "POST",
      key: admin.key,
      body: workbench({ issuer: "http://127.0.0.1:5556", allow_private_issuer: true }),
    });
    expect(res.status).toBe(201);
    await call(one.DELETE, { method: "DELETE", key: admin.key, params: { guid: res.body.guid } });
  });

  it("accepts only asymmetric algorithms and bounded skew on the generic template", async () => {
    const admin = await makeUser({ role: "administrator" });
    const body = (config: Record<string, unknown>) => ({
      template: "oidc-federation",
      name: unique("oidc"),
      config: { issuer: "https://idp.example.com", client_id: "api", ...config },
    });
    const bad = await call(list.POST, {
      method: "POST",
      key: admin.key,
      body: body({ allowed_algs: ["HS256", "none"], clock_skew: 3600 }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.payload.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      "config.allowed_algs.0",
      "config.allowed_algs.1",
      "config.clock_skew",
    ]);
    const good = await call(list.POST, {
      method: "POST",
      key: admin.key,
      body: body({
        allowed_algs: ["ES256"],
        clock_skew: 30,
        max_token_age: 3600,
        required_claims: [{ claim: "email_verified", value: true }],
      }),
    });
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    expect(good.body.config).toMatchObject({ allowed_algs: ["ES256"], clock_skew: 30, required_claims: [{ claim: "email_verified", value: true }] });
    const patch = await call(one.PATCH, {
      method: "PATCH",
      key: admin.key,
      params: { guid: good.body.guid },
      body: { config: { allowed_algs: ["HS512"] } },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.payload.fields[0].field).toBe("config.allowed_algs.0");
    await call(one.DELETE, { method: "DELETE", key: admin.key, params: { guid: good.body.guid } });
  });

  it("revokes the keys an integration minted when it is deleted", async () => {
    const admin = await makeUser({ role: "administrator" });
    const created = await call(list.POST, { method: "POST", key: admin.key, body: workbench() });
    const holder = await makeUser();
    const key = await db.apiKey.update({ where: { id: holder.keyId }, data: { integrationId: Number(created.body.id) } });
    await call(one.DELETE, { method: "DELETE", key: admin.key, params: { guid: created.body.guid } });
    expect((await db.apiKey.findUnique({ where: { id: key.id } }))?.revokedAt).not.toBeNull();
  });
});
