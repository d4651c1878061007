// The integration and content lists: a plain array by default (what Connect's
// clients read), one page with page_number / page_size, and figures that count
// only what they say (an integration's own exchanges, inside the window).
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as integrations from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as integration from "@/app/%5F_api__/v1/oauth/integrations/[guid]/route";
import * as activity from "@/app/%5F_api__/v1/oauth/integrations/[guid]/activity/route";
import * as content from "@/app/%5F_api__/v1/content/route";
import { MAX_PAGE_SIZE } from "@/lib/http/paging";
import { call, makeUser, unique } from "../support/fixtures";

async function createIntegrations(key: string, prefix: string, n: number): Promise<{ guid: string; id: string; name: string }[]> {
  const made = [];
  for (let i = 0; i < n; i++) {
    const res = await call(integrations.POST, {
      method: "POST",
      key,
      // Disabled: these share an issuer and client ID, which two enabled ones may not.
      body: {
        template: "posit-workbench-federation",
        name: `${prefix}-${i}`,
        enabled: false,
        config: { issuer: "https://sso.example.com/paging", client_id: `paging-${prefix}-${i}` },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    made.push(res.body);
  }
  return made;
}

describe("GET /v1/oauth/integrations", () => {
  it("answers every integration as a plain array without paging parameters, and one page with them", async () => {
    const admin = await makeUser({ role: "administrator" });
    const prefix = unique("Paging");
    const made = await createIntegrations(admin.key, prefix, 3);

    const all = await call(integrations.GET, { key: admin.key });
    expect(all.status).toBe(200);
    expect(Array.isArray(all.body)).toBe(true);
    const mine = all.body.filter((i: { guid: string }) => made.some((m) => m.guid === i.guid));
    expect(mine.map((i: { name: string }) => i.name)).toEqual(made.map((m) => m.name));
    expect(mine[0]).toMatchObject({ guid: made[0].guid, last_success: null, failures_24h: 0, active_keys: 0, conflicts: [] });

    // A name prefix narrows the array; it stays an array.
    const named = await call(integrations.GET, { key: admin.key, path: `/?prefix=${prefix.toUpperCase()}` });
    expect(named.body.map((i: { guid: string }) => i.guid)).toEqual(made.map((m) => m.guid));

    const first = await call(integrations.GET, { key: admin.key, path: `/?prefix=${prefix}&page_size=2` });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ current_page: 1, total: 3 });
    expect(first.body.results.map((i: { guid: string }) => i.guid)).toEqual(made.slice(0, 2).map((m) => m.guid));
    expect(first.body.results[0]).toMatchObject({ last_success: null, failures_24h: 0, active_keys: 0 });
    const second = await call(integrations.GET, { key: admin.key, path: `/?prefix=${prefix}&page_size=2&page_number=2` });
    expect(second.body).toMatchObject({ current_page: 2, total: 3 });
    expect(second.body.results.map((i: { guid: string }) => i.guid)).toEqual([made[2].guid]);
    const past = await call(integrations.GET, { key: admin.key, path: `/?prefix=${prefix}&page_size=2&page_number=3` });
    expect(past.body).toEqual({ results: [], current_page: 3, total: 3 });
  });

  it("matches a prefix literally: % and _ are not wildcards", async () => {
    const admin = await makeUser({ role: "administrator" });
    const prefix = unique("Lit");
    await createIntegrations(admin.key, `${prefix}_x`, 1);
    await createIntegrations(admin.key, `${prefix}ax`, 1);
    const res = await call(integrations.GET, { key: admin.key, path: `/?prefix=${encodeURIComponent(`${prefix}_`)}&page_size=10` });
    expect(res.body.results.map((i: { name: string }) => i.name)).toEqual([`${prefix}_x-0`]);
    const percent = await call(integrations.GET, { key: admin.key, path: `/?prefix=${encodeURIComponent(`${prefix}%`)}&page_size=10` });
    expect(percent.body.total).toBe(0);
  });

  it.each([
    ["page_size=0", "page_size"],
    [`page_size=${MAX_PAGE_SIZE + 1}`, "page_size"],
    ["page_size=ten", "page_size"],
    ["page_number=0", "page_number"],
    ["page_number=1.5", "page_number"],
  ])("refuses %s with a 400 naming the parameter", async (query, field) => {
    const admin = await makeUser({ role: "administrator" });
    const res = await call(integrations.GET, { key: admin.key, path: `/?${query}` });
    expect(res.status).toBe(400);
    expect(res.body.payload.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });

  it("takes the largest page size", async () => {
    const admin = await makeUser({ role: "administrator" });
    const res = await call(integrations.GET, { key: admin.key, path: `/?page_size=${MAX_PAGE_SIZE}` });
    expect(res.status).toBe(200);
    expect(res.body.results.length).toBeLessThanOrEqual(MAX_PAGE_SIZE);
  });
});

describe("integration figures", () => {
  it("count only the integration's own exchanges: last success ever, failures in 24 h, working keys; the chart only its window", async () => {
    const admin = await makeUser({ role: "administrator" });
    const prefix = unique("Figures");
    const [mine, other] = await createIntegrations(admin.key, prefix, 2);
    const [id, otherId] = [Number(mine.id), Number(other.id)];
    const now = Date.now();
    const ago = (hours: number) => new Date(now - hours * 3600_000);
    const exchange = (integrationId: number, outcome: string, time: Date) => ({
      integrationId,
      outcome,
      time,
      action: "federation.exchange",
      ...(outcome === "failure" ? { reason: "token_expired" } : {}),
    });
    await db.auditEvent.createMany({
      data: [
        exchange(id, "success", ago(24 * 20)),
        exchange(id, "success", ago(3)), // the last success
        exchange(id, "success", ago(24 * 9)), // older, recorded later
        exchange(id, "failure", ago(2)), // in the last 24 h
        exchange(id, "failure", ago(30)), // not in the last 24 h, in the last 7 days
        exchange(id, "failure", ago(24 * 8)), // outside 7 days
        exchange(otherId, "success", ago(1)), // another integration's
        exchange(otherId, "failure", ago(1)),
        // Not exchanges: they are neither successes nor failures of one.
        { integrationId: id, action: "integration.update", outcome: "success", time: ago(0.5) },
        { integrationId: id, action: "integration.update", outcome: "failure", time: ago(0.5) },
      ],
    });
    const holder = await makeUser();
    const key = (name: string, extra: { expiresAt?: Date; revokedAt?: Date }) => ({
      lookupId: unique("lk"),
      keyHash: "x",
      userId: holder.user.id,
      name,
      integrationId: id,
      ...extra,
    });
    await db.apiKey.createMany({
      data: [
        key("no expiry", {}),
        key("expires later", { expiresAt: new Date(now + 3600_000) }),
        key("expired", { expiresAt: ago(1) }),
        key("revoked", { expiresAt: new Date(now + 3600_000), revokedAt: ago(1) }),
        key("revoked, no expiry", { revokedAt: ago(1) }),
      ],
    });

    const expected = { last_success: ago(3).toISOString(), failures_24h: 1, active_keys: 2 };
    const detail = await call(integration.GET, { key: admin.key, params: { guid: mine.guid } });
    expect(detail.body).toMatchObject(expected);
    const page = await call(integrations.GET, { key: admin.key, path: `/?prefix=${prefix}&page_size=5` });
    expect(page.body.results[0]).toMatchObject(expected);
    expect(page.body.results[1]).toMatchObject({ last_success: ago(1).toISOString(), failures_24h: 1, active_keys: 0 });
    const all = await call(integrations.GET, { key: admin.key });
    expect(all.body.find((i: { guid: string }) => i.guid === mine.guid)).toMatchObject(expected);

    const week = await call(activity.GET, { key: admin.key, params: { guid: mine.guid }, path: "/?window=7d" });
    expect(week.status).toBe(200);
    const sum = (outcome: "success" | "failure") =>
      week.body.chart.buckets.reduce((n: number, b: Record<string, number>) => n + b[outcome], 0);
    expect([sum("success"), sum("failure")]).toEqual([1, 2]);
    expect(week.body.recent.map((e: { action: string }) => e.action)).toEqual(Array(6).fill("federation.exchange"));
    const day = await call(activity.GET, { key: admin.key, params: { guid: mine.guid }, path: "/?window=24h" });
    const daySum = (outcome: "success" | "failure") =>
      day.body.chart.buckets.reduce((n: number, b: Record<string, number>) => n + b[outcome], 0);
    expect([daySum("success"), daySum("failure")]).toEqual([1, 1]);
  });
});

describe("GET /v1/content", () => {
  it("answers a plain array without paging parameters, newest first pages with them, and refuses bad ones", async () => {
    const publisher = await makeUser({ role: "publisher" });
    const names = [];
    for (let i = 0; i < 3; i++) {
      const name = unique("paged");
      names.push(name);
      expect((await call(content.POST, { method: "POST", key: publisher.key, body: { name } })).status).toBe(201);
    }
    const all = await call(content.GET, { key: publisher.key });
    expect(all.body.map((c: { name: string }) => c.name)).toEqual([...names].reverse());

    const first = await call(content.GET, { key: publisher.key, path: "/?page_size=2&include=owner" });
    expect(first.body).toMatchObject({ current_page: 1, total: 3 });
    expect(first.body.results.map((c: { name: string }) => c.name)).toEqual([names[2], names[1]]);
    expect(first.body.results[0].owner.guid).toBe(publisher.user.guid);
    const second = await call(content.GET, { key: publisher.key, path: "/?page_size=2&page_number=2" });
    expect(second.body.results.map((c: { name: string }) => c.name)).toEqual([names[0]]);
    // Filters apply to pages too; an unknown parameter is ignored, as Connect's clients send some.
    const named = await call(content.GET, { key: publisher.key, path: `/?name=${names[1]}&page_number=1&tags=x` });
    expect(named.body).toMatchObject({ current_page: 1, total: 1, results: [{ name: names[1] }] });

    const tooBig = await call(content.GET, { key: publisher.key, path: `/?page_size=${MAX_PAGE_SIZE + 1}` });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.payload.fields.map((f: { field: string }) => f.field)).toEqual(["page_size"]);
  });
});
