import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as auditLogs from "@/app/%5F_api__/v1/audit_logs/route";
import * as activity from "@/app/%5F_api__/v1/oauth/integrations/[guid]/activity/route";
import * as integrations from "@/app/%5F_api__/v1/oauth/integrations/route";
import { deleteIntegration, type LoadedIntegration } from "@/lib/federation/integrations";
import { startOidcProvider, type OidcFixture } from "../support/oidc-provider";
import { call, makeUser, unique } from "../support/fixtures";
import { exchange, exchangeForm, setFederation, signToken, trustProvider } from "../support/federation";

let op: OidcFixture;
let integration: LoadedIntegration;
let admin: Awaited<ReturnType<typeof makeUser>>;
let sub: string;

beforeAll(async () => {
  op = await startOidcProvider();
  integration = await trustProvider(op);
  admin = await makeUser({ role: "administrator" });
  await setFederation(true);
  sub = unique("sub");
  await makeUser({ externalId: sub });
  expect((await exchange(exchangeForm(await op.getIdToken(sub)))).status).toBe(200);
  expect((await exchange(exchangeForm(await signToken(op, { aud: "nope" })))).status).toBe(401);
  expect((await exchange(exchangeForm(await signToken(op, { sub: unique("ghost") })))).status).toBe(401);
});

afterAll(async () => {
  await deleteIntegration(integration.guid, "system");
  await op.close();
});

describe("audit log API", () => {
  it("filters by integration, outcome and reason, newest first", async () => {
    const all = await call(auditLogs.GET, { key: admin.key, path: `/?integration=${integration.guid}` });
    expect(all.status).toBe(200);
    const exchanges = all.body.results.filter((e: { action: string }) => e.action === "federation.exchange");
    expect(exchanges.map((e: { outcome: string; reason: string | null }) => e.reason ?? e.outcome)).toEqual([
      "user_not_found",
      "audience_mismatch",
      "success",
    ]);
    expect(exchanges[2]).toMatchObject({ match_value: sub, integration: { guid: integration.guid } });
    const failures = await call(auditLogs.GET, { key: admin.key, path: `/?integration=${integration.guid}&outcome=failure&reason=audience_mismatch` });
    expect(failures.body.results).toHaveLength(1);
    const unknown = await call(auditLogs.GET, { key: admin.key, path: `/?integration=nope` });
    expect(unknown.body.results).toEqual([]);
  });

  it("pages with a cursor without gaps or repeats", async () => {
    const first = await call(auditLogs.GET, { key: admin.key, path: `/?integration=${integration.guid}&limit=2` });
    expect(first.body.results).toHaveLength(2);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await call(auditLogs.GET, { key: admin.key, path: `/?integration=${integration.guid}&limit=2&cursor=${first.body.next_cursor}` });
    const ids = [...first.body.results, ...second.body.results].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => b - a));
  });

  it("filters by time and rejects a malformed time", async () => {
    const future = await call(auditLogs.GET, { key: admin.key, path: `/?from=${new Date(Date.now() + 3600_000).toISOString()}` });
    expect(future.body.results).toEqual([]);
    const bad = await call(auditLogs.GET, { key: admin.key, path: `/?from=yesterday` });
    expect(bad.status).toBe(400);
    expect(bad.body.payload.fields[0].field).toBe("from");
  });

  it("counts exchanges in the integration's chart and list figures", async () => {
    const res = await call(activity.GET, { key: admin.key, params: { guid: integration.guid }, path: "/?window=24h" });
    expect(res.status).toBe(200);
    expect(res.body.chart.buckets).toHaveLength(24);
    const totals = res.body.chart.buckets.reduce(
      (t: { success: number; failure: number }, b: { success: number; failure: number }) => ({ success: t.success + b.success, failure: t.failure + b.failure }),
      { success: 0, failure: 0 },
    );
    expect(totals).toEqual({ success: 1, failure: 2 });
    expect(res.body.recent).toHaveLength(3);
    const week = await call(activity.GET, { key: admin.key, params: { guid: integration.guid }, path: "/?window=7d" });
    expect(week.body.chart.buckets).toHaveLength(28);
    const listed = await call(integrations.GET, { key: admin.key });
    const mine = listed.body.find((i: { guid: string }) => i.guid === integration.guid);
    expect(mine).toMatchObject({ failures_24h: 2, last_success: expect.any(String) });
  });

  it("is for administrators only", async () => {
    const publisher = await makeUser({ role: "publisher" });
    expect((await call(auditLogs.GET, { key: publisher.key })).status).toBe(403);
  });
});
