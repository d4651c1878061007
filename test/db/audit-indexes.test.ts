// The audit log's filters, and retention's lookups, find their rows through an
// index on a seeded table: the query plan names the index and never reads the
// whole table (SQLite: no "SCAN", PostgreSQL: no "Seq Scan").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { freshDatabase, provider } from "../support/databases";

const EVENTS = 30_000;
const KEYS = 5_000;
let db: Db;
let drop: () => Promise<void>;

// 100 integrations, 500 users, three actions, two outcomes, over 30 days; keys of which a few ended.
const SEED = {
  sqlite: [
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${EVENTS})
     INSERT INTO "AuditEvent" ("time", "action", "outcome", "integrationId", "userId", "actorUserId")
     SELECT strftime('%Y-%m-%dT%H:%M:%S.000+00:00', '2026-01-01', '+' || (i * 86) || ' seconds'),
            CASE i % 3 WHEN 0 THEN 'federation.exchange' WHEN 1 THEN 'api_key.create' ELSE 'setting.update' END,
            CASE WHEN i % 7 = 0 THEN 'failure' ELSE 'success' END, i % 100 + 1, i % 500 + 1,
            CASE WHEN i % 4 = 0 THEN i % 500 + 1 END FROM n`,
    `INSERT INTO "User" ("guid", "username", "updatedTime") VALUES ('g', 'u', '2026-01-01T00:00:00.000+00:00')`,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${KEYS})
     INSERT INTO "ApiKey" ("lookupId", "keyHash", "userId", "name", "expiresAt", "revokedAt")
     SELECT 'l' || i, 'h', 1, 'k', CASE WHEN i % 50 = 0 THEN '2026-01-01T00:00:00.000+00:00' END,
            CASE WHEN i % 97 = 0 THEN '2026-01-01T00:00:00.000+00:00' END FROM n`,
    `ANALYZE`,
  ],
  postgresql: [
    `INSERT INTO "AuditEvent" ("time", "action", "outcome", "integrationId", "userId", "actorUserId")
     SELECT timestamp '2026-01-01' + i * interval '86 seconds',
            CASE i % 3 WHEN 0 THEN 'federation.exchange' WHEN 1 THEN 'api_key.create' ELSE 'setting.update' END,
            CASE WHEN i % 7 = 0 THEN 'failure' ELSE 'success' END, i % 100 + 1, i % 500 + 1,
            CASE WHEN i % 4 = 0 THEN i % 500 + 1 END FROM generate_series(1, ${EVENTS}) i`,
    `INSERT INTO "User" ("guid", "username", "updatedTime") VALUES ('g', 'u', now())`,
    `INSERT INTO "ApiKey" ("lookupId", "keyHash", "userId", "name", "expiresAt", "revokedAt")
     SELECT 'l' || i, 'h', 1, 'k', CASE WHEN i % 50 = 0 THEN timestamp '2026-01-01' END,
            CASE WHEN i % 97 = 0 THEN timestamp '2026-01-01' END FROM generate_series(1, ${KEYS}) i`,
    `ANALYZE`,
  ],
}[provider];

const at = (iso: string) => (provider === "sqlite" ? `'${iso}.000+00:00'` : `timestamp '${iso}'`);

// The statements lib/audit/log.ts (GET /__api__/v1/audit_logs, newest first) and lib/retention send, by filter.
const QUERIES: { filter: string; sql: string; indexes: string[] }[] = [
  {
    filter: "integration + outcome",
    sql: `SELECT * FROM "AuditEvent" WHERE "integrationId" = 7 AND "outcome" = 'failure' ORDER BY "id" DESC LIMIT 51`,
    indexes: ["AuditEvent_integrationId_outcome_id_idx"],
  },
  {
    filter: "integration + outcome + reason",
    sql: `SELECT * FROM "AuditEvent" WHERE "integrationId" = 7 AND "outcome" = 'failure' AND "reason" = 'expired' ORDER BY "id" DESC LIMIT 51`,
    indexes: ["AuditEvent_integrationId_outcome_id_idx"],
  },
  {
    filter: "integration + action",
    sql: `SELECT * FROM "AuditEvent" WHERE "integrationId" = 7 AND "action" = 'federation.exchange' ORDER BY "id" DESC LIMIT 51`,
    indexes: ["AuditEvent_integrationId_action_id_idx"],
  },
  {
    filter: "user (as subject or actor)",
    sql: `SELECT * FROM "AuditEvent" WHERE ("userId" = 42 OR "actorUserId" = 42) ORDER BY "id" DESC LIMIT 51`,
    indexes: ["AuditEvent_userId_id_idx", "AuditEvent_actorUserId_id_idx"],
  },
  {
    filter: "time window",
    sql: `SELECT * FROM "AuditEvent" WHERE "time" >= ${at("2026-01-10T00:00:00")} AND "time" < ${at("2026-01-10T06:00:00")} ORDER BY "id" DESC LIMIT 51`,
    indexes: ["AuditEvent_time_idx"],
  },
  {
    filter: "retention: oldest events",
    sql: `SELECT "time" FROM "AuditEvent" WHERE "time" < ${at("2026-01-20T00:00:00")} ORDER BY "time" ASC LIMIT 1 OFFSET 4999`,
    indexes: ["AuditEvent_time_idx"],
  },
  {
    filter: "retention: expired keys",
    sql: `SELECT "expiresAt" FROM "ApiKey" WHERE "expiresAt" < ${at("2026-02-01T00:00:00")} ORDER BY "expiresAt" ASC LIMIT 1 OFFSET 4999`,
    indexes: ["ApiKey_expiresAt_idx"],
  },
  {
    filter: "retention: revoked keys",
    sql: `SELECT "revokedAt" FROM "ApiKey" WHERE "revokedAt" < ${at("2026-02-01T00:00:00")} ORDER BY "revokedAt" ASC LIMIT 1 OFFSET 4999`,
    indexes: ["ApiKey_revokedAt_idx"],
  },
];

async function plan(sql: string): Promise<string> {
  if (provider === "sqlite") {
    const rows = await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`);
    return rows.map((r) => r.detail).join("\n");
  }
  const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${sql}`);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

beforeAll(async () => {
  ({ db, drop } = await freshDatabase());
  await migrate(db, provider);
  for (const statement of SEED) await db.$executeRawUnsafe(statement);
}, 120_000);

afterAll(async () => {
  await drop?.();
});

describe(`query plans on ${provider}, ${EVENTS} audit events and ${KEYS} keys`, () => {
  it.each(QUERIES)("$filter uses its index, not a full scan", async ({ sql, indexes }) => {
    const text = await plan(sql);
    // SQLite's "SCAN t" (and "SCAN t USING INDEX i") reads every row; PostgreSQL's is "Seq Scan".
    expect(text).not.toMatch(provider === "sqlite" ? /\bSCAN\b/ : /Seq Scan/);
    for (const index of indexes) expect(text).toContain(index);
  });
});
