import { describe, expect, it } from "vitest";
import * as settings from "@/app/%5F_api__/v1/system/settings/route";
import * as serverSettings from "@/app/%5F_api__/server_settings/route";
import { call, makeUser } from "../support/fixtures";

describe("settings API", () => {
  it("lists every setting with its source and validates changes", async () => {
    const admin = await makeUser({ role: "administrator" });
    const list = await call(settings.GET, { key: admin.key });
    expect(list.status).toBe(200);
    const names = list.body.map((s: { name: string }) => s.name);
    expect(names).toEqual([
      "EarlyAccess.IdentityFederation",
      "OAuth2.UniqueIdClaim",
      "Federation.MaxKeyLifetime",
      "Retention.AuditEventDays",
      "Retention.ApiKeyGraceDays",
    ]);

    const bad = await call(settings.PATCH, {
      method: "PATCH",
      key: admin.key,
      body: { "Federation.MaxKeyLifetime": 5, "OAuth2.UniqueIdClaim": "has space" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.payload.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      "Federation.MaxKeyLifetime",
      "OAuth2.UniqueIdClaim",
    ]);

    const ok = await call(settings.PATCH, { method: "PATCH", key: admin.key, body: { "Federation.MaxKeyLifetime": 1800 } });
    expect(ok.status).toBe(200);
    expect(ok.body.find((s: { name: string }) => s.name === "Federation.MaxKeyLifetime")).toMatchObject({
      value: 1800,
      source: "database",
      read_only: false,
    });
    await call(settings.PATCH, { method: "PATCH", key: admin.key, body: { "Federation.MaxKeyLifetime": 3600 } });
  });

  it("server_settings is public and reports the feature flag", async () => {
    const res = await call(serverSettings.GET);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: expect.any(String), features: { identity_federation: expect.any(Boolean) } });
  });
});
