// The integration list's queries, written so their cost follows the page, not the
// history: each figure is a seek on an index of AuditEvent or ApiKey per listed
// integration (test/db/audit-indexes.test.ts checks the plans on both databases).
import type { Db, Provider } from "./client";
import { queryRows, statement, timestamp, type Statement } from "./raw";
import { escapeLike } from "./user-search";

const EXCHANGE = `'federation.exchange'`;

/** Integration ids in creation order, optionally only names starting with `prefix` (literally, ignoring ASCII case). */
export async function searchIntegrationIds(
  db: Db,
  s: { prefix?: string; limit?: number; offset?: number },
): Promise<{ ids: number[]; total: number }> {
  const where = s.prefix ? `WHERE lower("name") LIKE lower(CAST(? AS TEXT)) ESCAPE '\\'` : "";
  const params = s.prefix ? [`${escapeLike(s.prefix)}%`] : [];
  const page = s.limit === undefined ? "" : " LIMIT ? OFFSET ?";
  const pageParams = s.limit === undefined ? [] : [s.limit, s.offset ?? 0];
  const [rows, counted] = await Promise.all([
    queryRows<{ id: number | bigint }>(db, statement(`SELECT "id" FROM "Integration" ${where} ORDER BY "id"${page}`, ...params, ...pageParams)),
    queryRows<{ n: number | bigint | string }>(db, statement(`SELECT count(*) AS "n" FROM "Integration" ${where}`, ...params)),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: Number(counted[0]?.n ?? 0) };
}

export type IntegrationFigures = { lastSuccess: string | null; failuresSince: number; activeKeys: number };

/**
 * Per integration in `ids`: its newest successful exchange, its failed exchanges
 * since `since`, and its keys that still work at `now`. Correlated subqueries, so
 * each integration costs a few index seeks (AuditEvent by integration, action,
 * outcome and time; ApiKey by integration and expiry) whatever the history holds.
 */
export function integrationFiguresStatement(provider: Provider, ids: number[], since: Date, now: Date): Statement {
  const newest =
    provider === "postgresql" ? `to_char(max_e."time", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : `max_e."time"`;
  // Driven by the ids themselves, so not even the Integration table is read whole.
  const idList = provider === "postgresql" ? `unnest(CAST(? AS integer[])) AS i("id")` : `(SELECT "value" AS "id" FROM json_each(?)) AS i`;
  return statement(
    `SELECT i."id" AS "id",
       (SELECT ${newest} FROM "AuditEvent" max_e
         WHERE max_e."integrationId" = i."id" AND max_e."action" = ${EXCHANGE} AND max_e."outcome" = 'success'
         ORDER BY max_e."time" DESC LIMIT 1) AS "lastSuccess",
       (SELECT count(*) FROM "AuditEvent" f
         WHERE f."integrationId" = i."id" AND f."action" = ${EXCHANGE} AND f."outcome" = 'failure' AND f."time" >= ?) AS "failures",
       (SELECT count(*) FROM "ApiKey" k
         WHERE k."integrationId" = i."id" AND k."expiresAt" > ? AND k."revokedAt" IS NULL)
       + (SELECT count(*) FROM "ApiKey" k
         WHERE k."integrationId" = i."id" AND k."expiresAt" IS NULL AND k."revokedAt" IS NULL) AS "activeKeys"
     FROM ${idList}`,
    timestamp(since),
    timestamp(now),
    provider === "postgresql" ? ids : JSON.stringify(ids),
  );
}

export async function integrationFigures(db: Db, provider: Provider, ids: number[], since: Date): Promise<Map<number, IntegrationFigures>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: number | bigint; lastSuccess: string | null; failures: number | bigint | string; activeKeys: number | bigint | string }>(
    db,
    integrationFiguresStatement(provider, ids, since, new Date()),
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        lastSuccess: r.lastSuccess === null ? null : new Date(r.lastSuccess).toISOString(),
        failuresSince: Number(r.failures),
        activeKeys: Number(r.activeKeys),
      },
    ]),
  );
}

/**
 * An integration's exchanges since `start` by bucket of `bucketMs` and outcome.
 * Naming both outcomes lets the (integrationId, action, outcome, time) index answer
 * it alone, reading only the window.
 */
export function exchangeBucketsStatement(provider: Provider, integrationId: number, start: Date, bucketMs: number): Statement {
  const bucket =
    provider === "postgresql"
      ? `floor(extract(epoch from "time") * 1000 / ${bucketMs})`
      : `cast((julianday("time") - 2440587.5) * 86400000 / ${bucketMs} as integer)`;
  return statement(
    `SELECT ${bucket} AS "b", "outcome", count(*) AS "n" FROM "AuditEvent"
      WHERE "integrationId" = ? AND "action" = ${EXCHANGE} AND "outcome" IN ('success', 'failure') AND "time" >= ?
      GROUP BY 1, 2`,
    integrationId,
    timestamp(start),
  );
}

export async function exchangeBuckets(db: Db, provider: Provider, integrationId: number, start: Date, bucketMs: number) {
  const rows = await queryRows<{ b: number | bigint | string; outcome: string; n: number | bigint | string }>(
    db,
    exchangeBucketsStatement(provider, integrationId, start, bucketMs),
  );
  return rows.map((r) => ({ bucket: Math.floor(Number(r.b)), outcome: r.outcome, count: Number(r.n) }));
}
