// Integrations the exchange cannot tell apart: unique names, no second enabled
// integration with the same issuer and client ID, and pairs that exist anyway
// (stored before the rule) shown on every page that involves them.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deleteIntegration, enabledIntegrations, forgetEnabledIntegrations } from "@/lib/federation/integrations";
import { AUTH_TYPE } from "@/lib/federation/schema";
import * as list from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as one from "@/app/%5F_api__/v1/oauth/integrations/[guid]/route";
import * as activity from "@/app/%5F_api__/v1/oauth/integrations/[guid]/activity/route";
import { call, makeUser, unique } from "../support/fixtures";
import { exchange, exchangeForm, setFederation, signToken } from "../support/federation";
import { startOidcProvider, type OidcFixture } from "../support/oidc-provider";

let admin: Awaited<ReturnType<typeof makeUser>>;
const created: string[] = [];

beforeAll(async () => {
  admin = await makeUser({ role: "administrator" });
});

afterAll(async () => {
  for (const guid of created) await deleteIntegration(guid, "system").catch(() => undefined);
});

/** A Workbench integration through the API; `issuer` defaults to one no other test uses. */
async function post(overrides: { name?: string; enabled?: boolean; config?: Record<string, unknown> } = {}) {
  const res = await call(list.POST, {
    method: "POST",
    key: admin.key,
    body: {
      template: "posit-workbench-federation",
      name: overrides.name ?? unique("Conflicts"),
      ...(overrides.enabled === undefined ? {} : { enabled: overrides.enabled }),
      config: { issuer: `https://${unique("idp")}.example.com`, client_id: "workbench", ...overrides.config },
    },
  });
  if (res.status === 201) created.push(res.body.guid);
  return res;
}

const patch = (guid: string, body: Record<string, unknown>) => call(one.PATCH, { method: "PATCH", key: admin.key, params: { guid }, body });

describe("names", () => {
  it("are unique ignoring case: a second one is refused with 409 on create and on rename", async () => {
    const name = unique("Workbench");
    expect((await post({ name })).status).toBe(201);
    const before = await db.integration.count();

    const again = await post({ name: `  ${name.toUpperCase()} ` });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe(`Name is already used by another integration ("${name}"); names are compared ignoring case.`);
    expect(again.body.payload.fields).toEqual([{ field: "name", message: expect.stringContaining(`("${name}")`) }]);
    expect(await db.integration.count()).toBe(before);

    const other = await post();
    const renamed = await patch(other.body.guid, { name: name.toLowerCase() });
    expect(renamed.status).toBe(409);
    expect((await db.integration.findUnique({ where: { guid: other.body.guid } }))!.name).toBe(other.body.name);
  });

  it("an integration keeps or recases its own name, and a pair stored before the rule can still be edited", async () => {
    const mine = await post();
    expect((await patch(mine.body.guid, { name: mine.body.name.toUpperCase(), description: "recased" })).status).toBe(200);

    const name = unique("Legacy");
    const [first] = await storeTwins({ name });
    // The edit form sends the (unchanged) name with every save.
    const edited = await patch(first.guid, { name, description: "still editable" });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
  });
});

/** Two enabled integrations with the same issuer and client ID, as an earlier version could store them. */
async function storeTwins(opts: { name?: string; issuer?: string; clientId?: string } = {}) {
  const config = JSON.stringify({
    issuer: opts.issuer ?? `https://${unique("twins")}.example.com`,
    client_id: opts.clientId ?? "workbench",
    match_claim: "sub",
    allow_private_issuer: true,
  });
  const rows = [];
  for (const name of [opts.name ?? unique("Twin"), opts.name ?? unique("Twin")]) {
    const row = await db.integration.create({
      data: { guid: randomUUID(), name, template: "posit-workbench-federation", authType: AUTH_TYPE, enabled: true, config },
    });
    created.push(row.guid);
    rows.push(row);
  }
  // Written around the service: the exchange's cache would not know them for a few seconds.
  forgetEnabledIntegrations();
  return rows;
}

describe("issuer and client ID", () => {
  it("creating an enabled twin of an enabled integration is refused with a message naming it; a disabled one is kept", async () => {
    const first = await post();
    const config = { issuer: first.body.config.issuer, client_id: "workbench" };
    const before = await db.integration.count();

    const twin = await post({ config });
    expect(twin.status).toBe(409);
    expect(twin.body.error).toContain(`the enabled integration "${first.body.name}"`);
    expect(twin.body.error).toContain(`disable "${first.body.name}" first`);
    expect(twin.body.payload).toMatchObject({
      conflict: { guid: first.body.guid, name: first.body.name },
      fields: [{ field: "config.client_id", message: expect.any(String) }],
    });
    expect(await db.integration.count()).toBe(before);

    // Another client ID of the same issuer is a different integration; so is a disabled twin.
    expect((await post({ config: { ...config, client_id: "other" } })).status).toBe(201);
    const disabled = await post({ enabled: false, config });
    expect(disabled.status).toBe(201);

    // …until it is enabled.
    const enabled = await patch(disabled.body.guid, { enabled: true });
    expect(enabled.status).toBe(409);
    expect(enabled.body.error).toContain(`"${first.body.name}"`);
    expect((await db.integration.findUnique({ where: { guid: disabled.body.guid } }))!.enabled).toBe(false);

    // Disabling the first one frees the pair.
    expect((await patch(first.body.guid, { enabled: false })).status).toBe(200);
    expect((await patch(disabled.body.guid, { enabled: true })).status).toBe(200);
  });

  it("editing an enabled integration's issuer or client ID into another's is refused", async () => {
    const first = await post();
    const second = await post({ config: { client_id: "second" } });
    const toFirst = await patch(second.body.guid, { config: { issuer: first.body.config.issuer, client_id: "workbench" } });
    expect(toFirst.status).toBe(409);
    expect(toFirst.body.error).toContain(`"${first.body.name}"`);
    const stored = JSON.parse((await db.integration.findUnique({ where: { guid: second.body.guid } }))!.config);
    expect(stored).toMatchObject({ issuer: second.body.config.issuer, client_id: "second" });

    // Same issuer, its own client ID: fine.
    expect((await patch(second.body.guid, { config: { issuer: first.body.config.issuer } })).status).toBe(200);
    // A disabled integration may take any pair; enabling it is what is checked.
    expect((await patch(first.body.guid, { enabled: false })).status).toBe(200);
    expect((await patch(first.body.guid, { config: { client_id: "second" } })).status).toBe(200);
    expect((await patch(first.body.guid, { enabled: true })).status).toBe(409);
  });

  it("a stored pair is flagged on both in the list and the detail, and an edit that keeps the pair is allowed", async () => {
    const [a, b] = await storeTwins();
    const listed = await call(list.GET, { key: admin.key });
    const byGuid = new Map(listed.body.map((i: { guid: string }) => [i.guid, i]));
    expect(byGuid.get(a.guid)).toMatchObject({ conflicts: [{ guid: b.guid, name: b.name }] });
    expect(byGuid.get(b.guid)).toMatchObject({ conflicts: [{ guid: a.guid, name: a.name }] });
    const detail = await call(one.GET, { key: admin.key, params: { guid: a.guid } });
    expect(detail.body.conflicts).toEqual([{ guid: b.guid, name: b.name }]);

    expect((await patch(a.guid, { description: "fixing it soon" })).status).toBe(200);
    // Disabling one ends the conflict on both.
    expect((await patch(b.guid, { enabled: false })).status).toBe(200);
    const after = await call(list.GET, { key: admin.key });
    for (const guid of [a.guid, b.guid]) {
      expect(after.body.find((i: { guid: string }) => i.guid === guid).conflicts).toEqual([]);
    }
  });
});

describe("an ambiguous exchange", () => {
  let op: OidcFixture;
  beforeAll(async () => {
    op = await startOidcProvider();
    await setFederation(true);
  });
  afterAll(async () => {
    await op?.close();
  });

  it("is recorded on every integration it matched: their recent attempts, failure counts and audit events", async () => {
    const [a, b] = await storeTwins({ issuer: op.issuer });
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    const before = await db.auditEvent.count({ where: { action: "federation.exchange" } });

    const res = await exchange(exchangeForm(await signToken(op, { sub })));
    expect(res.status).toBe(400);
    expect(res.body.payload.reason).toBe("ambiguous_integration");

    const events = await db.auditEvent.findMany({ where: { action: "federation.exchange", id: { gt: 0 } }, orderBy: { id: "desc" }, take: 2 });
    expect(await db.auditEvent.count({ where: { action: "federation.exchange" } })).toBe(before + 2);
    expect(events.map((e) => e.integrationId).sort()).toEqual([a.id, b.id].sort());
    for (const e of events) {
      expect(e).toMatchObject({ outcome: "failure", reason: "ambiguous_integration", iss: op.issuer });
      expect(JSON.parse(e.details!).candidates.sort()).toEqual([a.guid, b.guid].sort());
    }

    for (const i of [a, b]) {
      const recent = await call(activity.GET, { key: admin.key, params: { guid: i.guid }, path: "/?window=24h" });
      expect(recent.status).toBe(200);
      expect(recent.body.recent[0]).toMatchObject({ reason: "ambiguous_integration", integration: { guid: i.guid } });
      const failures = recent.body.chart.buckets.reduce((n: number, bucket: { failure: number }) => n + bucket.failure, 0);
      expect(failures).toBe(1);
      const detail = await call(one.GET, { key: admin.key, params: { guid: i.guid } });
      expect(detail.body.failures_24h).toBe(1);
    }
  });

  it("of a token whose audience names two integrations of one issuer is recorded on both", async () => {
    const first = await post({ config: { issuer: op.issuer, client_id: "one", allow_private_issuer: true } });
    const second = await post({ config: { issuer: op.issuer, client_id: "two", allow_private_issuer: true } });
    const res = await exchange(exchangeForm(await signToken(op, { sub: unique("sub"), aud: ["one", "two"] })));
    expect(res.body.payload.reason).toBe("ambiguous_integration");
    for (const i of [first, second]) {
      expect(await db.auditEvent.count({ where: { integrationId: Number(i.body.id), reason: "ambiguous_integration" } })).toBe(1);
    }
  });
});

describe("the exchange's lookup", () => {
  it("indexes enabled integrations by issuer, in the order they load", async () => {
    const issuer = `https://${unique("index")}.example.com`;
    const a = await post({ config: { issuer, client_id: "a" } });
    const b = await post({ config: { issuer, client_id: "b" } });
    const off = await post({ enabled: false, config: { issuer: `https://${unique("off")}.example.com` } });
    const index = await enabledIntegrations();
    expect(index.byIssuer.get(issuer)!.map((i) => i.guid).sort()).toEqual([a.body.guid, b.body.guid].sort());
    expect(index.issuers.filter((i) => i === issuer)).toHaveLength(1);
    expect(index.issuers).not.toContain(off.body.config.issuer);
  });
});
