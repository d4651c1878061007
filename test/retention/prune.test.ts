import { execFile } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { withJobLock } from "@/lib/db/job-lock";
import { prune } from "@/lib/retention/service";
import * as settings from "@/app/%5F_api__/v1/system/settings/route";
import * as auditLogs from "@/app/%5F_api__/v1/audit_logs/route";
import * as metricsRoute from "@/app/metrics/route";
import { provider } from "../support/databases";
import { call, makeUser, unique } from "../support/fixtures";

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile("npx", ["tsx", "--conditions=react-server", "scripts/cli.ts", ...args], (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

async function setRetention(admin: string, body: Record<string, number>) {
  const res = await call(settings.PATCH, { method: "PATCH", key: admin, body });
  expect(res.status).toBe(200);
}

/** The counter's value on GET /metrics. */
async function deletedOnMetrics(kind: "audit_event" | "api_key" | "used_token"): Promise<number> {
  const text = await (await metricsRoute.GET(new Request("http://127.0.0.1/metrics"))).text();
  const line = text.split("\n").find((l) => l.startsWith(`federation_retention_deleted_rows_total{kind="${kind}"}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

async function key(userId: number, data: { expiresAt?: Date; revokedAt?: Date }) {
  return db.apiKey.create({ data: { lookupId: unique("lk"), keyHash: "h", userId, name: "retention", ...data } });
}

async function event(time: Date, data: { apiKeyId?: number } = {}) {
  return db.auditEvent.create({ data: { time, action: "retention.test", outcome: "success", ...data } });
}

const exists = {
  key: async (id: number) => (await db.apiKey.count({ where: { id } })) === 1,
  event: async (id: number) => (await db.auditEvent.count({ where: { id } })) === 1,
};

let admin: string;
afterAll(async () => {
  // Back to the defaults, for the files that run after this one.
  if (admin) await setRetention(admin, { "Retention.AuditEventDays": 365, "Retention.ApiKeyGraceDays": 30 });
});

describe(`retention on ${provider}`, () => {
  it("deletes keys past their grace period and events past retention, in batches, and keeps the rest", async () => {
    admin = (await makeUser({ role: "administrator" })).key;
    await setRetention(admin, { "Retention.AuditEventDays": 365, "Retention.ApiKeyGraceDays": 30 });
    const { user, keyId: activeKey } = await makeUser();

    const expiredLongAgo = await key(user.id, { expiresAt: daysAgo(40) });
    const revokedLongAgo = await key(user.id, { expiresAt: daysAgo(-10), revokedAt: daysAgo(31) });
    const expiredInGrace = await key(user.id, { expiresAt: daysAgo(10) });
    const revokedInGrace = await key(user.id, { revokedAt: daysAgo(1) });
    const notYetExpired = await key(user.id, { expiresAt: daysAgo(-1) });
    const old = await Promise.all([400, 401, 500, 366, 3000].map((d) => event(daysAgo(d))));
    const kept = await Promise.all([364, 100, 0].map((d) => event(daysAgo(d))));
    // Audit events name keys by id, without a foreign key: they outlive the key.
    const mentionsDeletedKey = await event(daysAgo(0), { apiKeyId: expiredLongAgo.id });
    const [eventsBefore, keysBefore] = [await deletedOnMetrics("audit_event"), await deletedOnMetrics("api_key")];

    const result = await prune({ batchSize: 2 });

    expect(result).toMatchObject({ ran: true, auditEventDays: 365, apiKeyGraceDays: 30 });
    if (!result.ran) return;
    expect(result.auditEvents).toBeGreaterThanOrEqual(old.length);
    expect(result.apiKeys).toBeGreaterThanOrEqual(2);
    for (const e of old) expect(await exists.event(e.id), `event ${e.time.toISOString()}`).toBe(false);
    for (const e of [...kept, mentionsDeletedKey]) expect(await exists.event(e.id), `event ${e.time.toISOString()}`).toBe(true);
    expect(await exists.key(expiredLongAgo.id)).toBe(false);
    expect(await exists.key(revokedLongAgo.id)).toBe(false);
    for (const k of [activeKey, expiredInGrace.id, revokedInGrace.id, notYetExpired.id]) expect(await exists.key(k)).toBe(true);

    // What an operator sees: the counter on /metrics, the event still naming the deleted key, and the prune audited.
    expect(await deletedOnMetrics("audit_event")).toBe(eventsBefore + result.auditEvents);
    expect(await deletedOnMetrics("api_key")).toBe(keysBefore + result.apiKeys);
    const log = await call(auditLogs.GET, { key: admin, path: "/?action=retention.prune&limit=1" });
    expect(log.body.results[0].details).toMatchObject({ audit_events: result.auditEvents, api_keys: result.apiKeys });
    const mention = await call(auditLogs.GET, { key: admin, path: `/?action=retention.test&limit=100` });
    expect(mention.body.results.find((e: { id: string }) => e.id === String(mentionsDeletedKey.id))).toMatchObject({
      api_key_id: String(expiredLongAgo.id),
    });
  });

  it("deletes records of single-use tokens once their token has expired, and keeps the others", async () => {
    const integration = await db.integration.create({
      data: { guid: unique("i"), name: unique("single-use"), template: "oidc-federation", config: "{}", enabled: false },
    });
    const used = (tokenHash: string, expiresAt: Date) => db.usedToken.create({ data: { integrationId: integration.id, tokenHash, expiresAt } });
    await used("expired-long-ago", daysAgo(3));
    await used("expired-just-now", new Date(Date.now() - 1_000));
    await used("still-valid", new Date(Date.now() + 600_000));
    const countedBefore = await deletedOnMetrics("used_token");

    const result = await prune({ batchSize: 1 });

    expect(result.ran && result.usedTokens).toBeGreaterThanOrEqual(2);
    const left = await db.usedToken.findMany({ where: { integrationId: integration.id }, select: { tokenHash: true } });
    expect(left.map((r) => r.tokenHash)).toEqual(["still-valid"]);
    expect(await deletedOnMetrics("used_token")).toBe(countedBefore + (result.ran ? result.usedTokens : 0));
    // Deleting the integration takes its records with it.
    await db.integration.delete({ where: { id: integration.id } });
    expect(await db.usedToken.count({ where: { integrationId: integration.id } })).toBe(0);
  });

  it("keeps every audit event when retention is 0", async () => {
    admin ||= (await makeUser({ role: "administrator" })).key;
    await setRetention(admin, { "Retention.AuditEventDays": 0 });
    const ancient = await event(daysAgo(5000));

    const result = await prune();

    expect(result).toMatchObject({ ran: true, auditEvents: 0, auditEventDays: 0 });
    expect(await exists.event(ancient.id)).toBe(true);
    await setRetention(admin, { "Retention.AuditEventDays": 365 });
  });

  it("rejects a negative retention in the settings API", async () => {
    admin ||= (await makeUser({ role: "administrator" })).key;
    const res = await call(settings.PATCH, { method: "PATCH", key: admin, body: { "Retention.AuditEventDays": -1 } });
    expect(res.status).toBe(400);
    expect(res.body.payload.fields[0].field).toBe("Retention.AuditEventDays");
  });

  it("runs once at a time: a prune started while one holds the lock does nothing", async () => {
    const old = await event(daysAgo(400));
    const held = await withJobLock(db, "retention", async () => {
      expect(await prune()).toEqual({ ran: false });
      expect(await exists.event(old.id)).toBe(true);
    });
    expect(held.ran).toBe(true);
    expect((await prune()).ran).toBe(true);
    expect(await exists.event(old.id)).toBe(false);
  });

  // On SQLite one process writes the file at a time and the lock is per process;
  // on PostgreSQL instances share the database, so the lock must hold across them.
  it.runIf(provider === "postgresql")("holds its lock across instances: `cli prune` waits its turn on PostgreSQL", async () => {
    const old = await event(daysAgo(400));
    await withJobLock(db, "retention", async () => {
      const other = await cli(["prune"]);
      expect(other.code).toBe(0);
      expect(other.stdout).toContain("Another instance is pruning right now; nothing done.");
      expect(await exists.event(old.id)).toBe(true);
    });
    const after = await cli(["prune"]);
    expect(after.stdout).toMatch(/Deleted [1-9]\d* audit events older than 365 days\./);
    expect(await exists.event(old.id)).toBe(false);
  });

  it("`npm run cli -- prune` runs it on demand and prints the counts", async () => {
    const { user } = await makeUser();
    const old = await event(daysAgo(400));
    const gone = await key(user.id, { expiresAt: daysAgo(31) });
    const res = await cli(["prune"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Deleted [1-9]\d* audit events older than 365 days\./);
    expect(res.stdout).toMatch(/Deleted [1-9]\d* API keys expired or revoked more than 30 days ago\./);
    expect(await exists.event(old.id)).toBe(false);
    expect(await exists.key(gone.id)).toBe(false);
  });
});
