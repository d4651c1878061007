// The hot path on PostgreSQL, batched: per query, node-postgres costs the
// server's main thread more than the exchange's own checks do, so the
// exchanges that reach the same step in one turn of the event loop share a
// query (lib/db/tick-batch.ts).
// - Writes: one statement for all of them, so also one commit (group commit).
//   Should the server refuse it for what a write holds, each write is retried
//   alone, so a bad one fails alone. Every caller resolves only once its own
//   write is committed.
// - Lookups by one column: one `= ANY($1)` query for all the values asked for.
import type pg from "pg";
import { LOOKUP_VALUE, pgQuery, type Lookup, type Statement, type Write } from "./statement";
import { batcherFor, tickBatcher } from "./tick-batch";

/** Items per query at most. For writes, each count is one more prepared statement per connection. */
const MAX_BATCH = 32;

const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / MAX_BATCH) }, (_, i) => xs.slice(i * MAX_BATCH, (i + 1) * MAX_BATCH));

/** Items grouped by a key, in arrival order. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const same = groups.get(k);
    if (same) same.push(it);
    else groups.set(k, [it]);
  }
  return groups;
}

type PendingWrite = { write: Write; resolve: () => void; reject: (err: unknown) => void };

/** Queues a write for the next group commit; resolves once it is committed. */
export function commitInPgGroup(pool: pg.Pool, write: Write): Promise<void> {
  const batch = batcherFor<PendingWrite>("pg-commit", pool, () =>
    tickBatcher((items) => {
      // Writes of the same shape go together, so the combined texts recur and stay prepared.
      const shapes = groupBy(items, (it) => `${it.write.insert.text}${it.write.then ? " +then" : ""}`);
      for (const same of shapes.values()) for (const chunk of chunks(same)) void sendWrites(pool, chunk);
    }),
  );
  return new Promise((resolve, reject) => batch({ write, resolve, reject }));
}

async function sendWrites(pool: pg.Pool, batch: PendingWrite[]): Promise<void> {
  try {
    await pool.query(pgQuery(combine(batch.map((p) => p.write))));
  } catch (err) {
    if (batch.length === 1 || !causedByData(err)) {
      for (const p of batch) p.reject(err);
      return;
    }
    // The server refused the statement, so none of it was written. Find the bad write.
    await Promise.all(batch.map((p) => sendWrites(pool, [p])));
    return;
  }
  for (const p of batch) p.resolve();
}

/**
 * Whether PostgreSQL refused the statement for what one write holds (a bad
 * value, a constraint, an unknown name; SQLSTATE classes 22, 23, 42). Then a
 * retry one by one finds it. Not after a lost connection or a server in
 * trouble: the statement may even have committed, and retries would only add load.
 */
function causedByData(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && /^(22|23|42)/.test(code);
}

/**
 * One statement for several writes: each INSERT is a data-modifying CTE, and
 * a `then` INSERT reads its first row's id from the CTE before it. PostgreSQL
 * runs every CTE whether or not the final SELECT reads it.
 */
export function combine(writes: Write[]): Statement {
  const parts: string[] = [];
  const params: unknown[] = [];
  writes.forEach((w, i) => {
    if (!w.then) {
      parts.push(`"w${i}" AS (${w.insert.text})`);
      params.push(...w.insert.params);
      return;
    }
    const then = w.then(`(SELECT "id" FROM "w${i}")`);
    parts.push(`"w${i}" AS (${w.insert.text} RETURNING "id")`, `"t${i}" AS (${then.text})`);
    params.push(...w.insert.params, ...then.params);
  });
  return { text: `WITH ${parts.join(", ")} SELECT 1`, params };
}

type PendingLookup = { lookup: Lookup; value: string; resolve: (rows: object[]) => void; reject: (err: unknown) => void };

/** The rows matching `value`, read together with the other lookups of this turn. */
export function lookupInPgBatch<T>(pool: pg.Pool, lookup: Lookup, value: string): Promise<T[]> {
  const batch = batcherFor<PendingLookup>("pg-lookup", pool, () =>
    tickBatcher((items) => {
      for (const same of groupBy(items, (it) => it.lookup.many).values()) for (const chunk of chunks(same)) void sendLookups(pool, chunk);
    }),
  );
  return new Promise((resolve, reject) => batch({ lookup, value, resolve: resolve as (rows: object[]) => void, reject }));
}

async function sendLookups(pool: pg.Pool, batch: PendingLookup[]): Promise<void> {
  const values = [...new Set(batch.map((p) => p.value))];
  let rows: Record<string, unknown>[];
  try {
    rows = (await pool.query(pgQuery({ text: batch[0].lookup.many, params: [values] }))).rows;
  } catch (err) {
    for (const p of batch) p.reject(err);
    return;
  }
  const byValue = groupBy(rows, (r) => String(r[LOOKUP_VALUE]));
  for (const r of rows) delete r[LOOKUP_VALUE]; // the caller asked for its columns only
  for (const p of batch) p.resolve(byValue.get(p.value) ?? []);
}
