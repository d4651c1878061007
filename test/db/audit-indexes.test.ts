// The audit log's filters, retention's lookups and the integration figures find
// their rows through an index on a seeded, ANALYZEd table: the query plan names
// the index and never reads the whole table (SQLite: no "SCAN" of it, PostgreSQL:
// no "Seq Scan" node on it in EXPLAIN (FORMAT JSON)). The planner chooses freely:
// nothing here turns a scan method off.
import { describe, expect, it } from "vitest";
import { exchangeBucketsStatement, integrationFiguresStatement } from "@/lib/db/integration-list";
import type { Statement } from "@/lib/db/raw";
import { provider } from "../support/databases";
import { FULL_SCAN, queryPlan, seededDatabase } from "../support/query-plans";

const EVENTS = 30_000;
const KEYS = 5_000;
const INTEGRATIONS = 100;

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
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${INTEGRATIONS})
     INSERT INTO "Integration" ("guid", "name", "template", "config", "updatedTime")
     SELECT 'i' || i, 'Integration ' || i, 'oidc-federation', '{}', '2026-01-01T00:00:00.000+00:00' FROM n`,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${KEYS})
     INSERT INTO "ApiKey" ("lookupId", "keyHash", "userId", "name", "expiresAt", "revokedAt", "integrationId")
     SELECT 'l' || i, 'h', 1, 'k', CASE WHEN i % 50 = 0 THEN '2026-01-01T00:00:00.000+00:00'
                                        WHEN i % 2 = 0 THEN '2026-03-01T00:00:00.000+00:00' END,
            CASE WHEN i % 97 = 0 THEN '2026-01-01T00:00:00.000+00:00' END, CASE WHEN i % 3 > 0 THEN i % 100 + 1 END FROM n`,
    `ANALYZE`,
  ],
  postgresql: [
    `INSERT INTO "AuditEvent" ("time", "action", "outcome", "integrationId", "userId", "actorUserId")
     SELECT timestamp '2026-01-01' + i * interval '86 seconds',
            CASE i % 3 WHEN 0 THEN 'federation.exchange' WHEN 1 THEN 'api_key.create' ELSE 'setting.update' END,
            CASE WHEN i % 7 = 0 THEN 'failure' ELSE 'success' END, i % 100 + 1, i % 500 + 1,
            CASE WHEN i % 4 = 0 THEN i % 500 + 1 END FROM generate_series(1, ${EVENTS}) i`,
    `INSERT INTO "User" ("guid", "username", "updatedTime") VALUES ('g', 'u', now())`,
    `INSERT INTO "Integration" ("guid", "name", "template", "config", "updatedTime")
     SELECT 'i' || i, 'Integration ' || i, 'oidc-federation', '{}', now() FROM generate_series(1, ${INTEGRATIONS}) i`,
    `INSERT INTO "ApiKey" ("lookupId", "keyHash", "userId", "name", "expiresAt", "revokedAt", "integrationId")
     SELECT 'l' || i, 'h', 1, 'k', CASE WHEN i % 50 = 0 THEN timestamp '2026-01-01' WHEN i % 2 = 0 THEN timestamp '2026-03-01' END,
            CASE WHEN i % 97 = 0 THEN timestamp '2026-01-01' END, CASE WHEN i % 3 > 0 THEN i % 100 + 1 END
     FROM generate_series(1, ${KEYS}) i`,
    `ANALYZE`,
  ],
}[provider];

const at = (iso: string) => (provider === "sqlite" ? `'${iso}.000+00:00'` : `timestamp '${iso}'`);

// The statements lib/audit/log.ts (GET /__api__/v1/audit_logs, newest first) and lib/retention send, by filter.
const QUERIES: { filter: string; sql: string | Statement; indexes: string[] }[] = [
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
    filter: "actor",
    sql: `SELECT * FROM "AuditEvent" WHERE "actorUserId" = 42 ORDER BY "id" DESC LIMIT 51`,
    indexes: ["AuditEvent_actorUserId_id_idx"],
  },
  {
    filter: "time window",
    sql: `SELECT * FROM "AuditEvent" WHERE "time" >= ${at("2026-01-10T00:00:00")} AND "time" < ${at("2026-01-10T06:00:00")} ORDER BY "id" DESC LIMIT 51`,
    indexes: ["AuditEvent_time_idx"],
  },
  {
    filter: "integration + time range",
    sql: `SELECT * FROM "AuditEvent" WHERE "integrationId" = 7 AND "time" >= ${at("2026-01-10T00:00:00")} AND "time" < ${at("2026-01-12T00:00:00")} ORDER BY "id" DESC LIMIT 51`,
    indexes: ["AuditEvent_integrationId_"],
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
  // The statements lib/db/integration-list.ts sends for the integration list, page and detail.
  {
    filter: "integration figures for a page of 50 (last success, failures in 24 h, working keys)",
    sql: integrationFiguresStatement(
      provider,
      Array.from({ length: 50 }, (_, i) => i + 1),
      new Date("2026-01-20T00:00:00Z"),
      new Date("2026-01-21T00:00:00Z"),
    ),
    indexes: ["AuditEvent_integrationId_action_outcome_time_idx", "ApiKey_integrationId_expiresAt_idx"],
  },
  {
    filter: "integration activity, 7-day window",
    sql: exchangeBucketsStatement(provider, 7, new Date("2026-01-14T00:00:00Z"), 6 * 3600_000),
    indexes: ["AuditEvent_integrationId_action_outcome_time_idx"],
  },
];

const seeded = seededDatabase(SEED);

describe(`query plans on ${provider}, ${EVENTS} audit events and ${KEYS} keys`, () => {
  it.each(QUERIES)("$filter uses its index, not a full scan", async ({ sql, indexes }) => {
    const text = await queryPlan(seeded.db, sql);
    expect(text).not.toMatch(FULL_SCAN);
    for (const index of indexes) expect(text).toContain(index);
  });
});
