// Update events record only what changed (before → after), never a secret, and a
// save that changes nothing leaves no event.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as integrations from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as integration from "@/app/%5F_api__/v1/oauth/integrations/[guid]/route";
import * as settings from "@/app/%5F_api__/v1/system/settings/route";
import * as user from "@/app/%5F_api__/v1/users/[guid]/route";
import { call, makeUser, unique } from "../support/fixtures";

const detailsOf = (e: { details: string | null }) => JSON.parse(e.details ?? "null");

describe("audit of updates", () => {
  it("a user's update records the changed fields only; the same values again record nothing", async () => {
    const admin = await makeUser({ role: "administrator" });
    const { user: target } = await makeUser();
    const patch = (body: unknown) => call(user.PATCH, { method: "PATCH", key: admin.key, params: { guid: target.guid }, body });
    const events = () => db.auditEvent.findMany({ where: { userId: target.id, action: "user.update" }, orderBy: { id: "asc" } });

    expect((await patch({ first_name: "Ada", email: "ada@example.com" })).status).toBe(200);
    let rows = await events();
    expect(rows).toHaveLength(1);
    expect(detailsOf(rows[0])).toEqual({
      before: { first_name: "", email: "" },
      after: { first_name: "Ada", email: "ada@example.com" },
    });

    // Nothing changed: the answer is the user as it is, and no event, no write.
    const updatedTime = (await db.user.findUniqueOrThrow({ where: { id: target.id } })).updatedTime;
    const same = await patch({ first_name: "Ada", email: "ada@example.com", user_role: "viewer", locked: false });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ first_name: "Ada", email: "ada@example.com" });
    expect(await events()).toHaveLength(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).updatedTime).toEqual(updatedTime);

    // A new password is a change: recorded as such, never the password or its hash.
    const password = "a brand new passphrase";
    expect((await patch({ password })).status).toBe(200);
    rows = await events();
    expect(rows).toHaveLength(2);
    expect(detailsOf(rows[1])).toEqual({ before: {}, after: {}, password_changed: true, sessions_ended: true });
    const stored = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    for (const row of rows) {
      expect(row.details).not.toContain(password);
      expect(row.details).not.toContain(stored.passwordHash!);
    }
  });

  it("an integration's update narrows its config to the changed keys; an unchanged save records nothing", async () => {
    const admin = await makeUser({ role: "administrator" });
    const created = await call(integrations.POST, {
      method: "POST",
      key: admin.key,
      body: {
        template: "posit-workbench-federation",
        name: unique("Audit changes"),
        enabled: false,
        config: { issuer: "https://sso.example.com/realms/audit", client_id: "workbench" },
      },
    });
    expect(created.status).toBe(201);
    const guid = created.body.guid;
    const patch = (body: unknown) => call(integration.PATCH, { method: "PATCH", key: admin.key, params: { guid }, body });
    const events = () => db.auditEvent.findMany({ where: { integrationId: Number(created.body.id), action: "integration.update" } });

    expect((await patch({ description: "Main realm", config: { client_id: "workbench-2" } })).status).toBe(200);
    let rows = await events();
    expect(rows.map(detailsOf)).toEqual([
      { before: { description: "", config: { client_id: "workbench" } }, after: { description: "Main realm", config: { client_id: "workbench-2" } } },
    ]);

    const same = await patch({ name: created.body.name, description: "Main realm", enabled: false, config: { client_id: "workbench-2", match_claim: "sub" } });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ description: "Main realm", config: { client_id: "workbench-2" } });
    rows = await events();
    expect(rows).toHaveLength(1);

    expect((await call(integration.DELETE, { method: "DELETE", key: admin.key, params: { guid } })).status).toBe(204);
  });

  it("a setting saved with its current value records nothing", async () => {
    const admin = await makeUser({ role: "administrator" });
    const name = "Retention.ApiKeyGraceDays";
    const patch = (value: number) => call(settings.PATCH, { method: "PATCH", key: admin.key, body: { [name]: value } });
    const count = () => db.auditEvent.count({ where: { action: "setting.update", actorUserId: admin.user.id } });
    const current = (await call(settings.GET, { key: admin.key })).body.find((s: { name: string }) => s.name === name).value;

    expect((await patch(current)).status).toBe(200);
    expect(await count()).toBe(0);
    expect((await patch(current + 1)).status).toBe(200);
    expect(await count()).toBe(1);
    const [event] = await db.auditEvent.findMany({ where: { action: "setting.update", actorUserId: admin.user.id } });
    expect(detailsOf(event)).toEqual({ name, before: current, after: current + 1 });
    expect((await patch(current + 1)).status).toBe(200);
    expect(await count()).toBe(1);
    await patch(current);
  });
});
