// Hand-written SQL for the exchange's hot path, where Prisma's per-query cost
// is larger than the query's (measured on SQLite: findUnique ~2 ms, the same
// SELECT through $queryRaw ~0.3 ms, through the driver ~0.02 ms). Statements use
// `?` placeholders and run on both providers, on the same connection (SQLite)
// or pool (PostgreSQL) that Prisma uses. `npm run bench` measures the result.
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { pgPoolOf, sqliteConnectionOf, type Db } from "./client";
import { sqliteIdle } from "./sqlite-gate";
import { commitInGroup } from "./group-commit";
import { commitInPgGroup, lookupInPgBatch } from "./pg-batch";
import { pgQuery, placeholders, statement, type Lookup, type Statement, type Write } from "./statement";
import type BetterSqlite3 from "better-sqlite3";

export { bool, lookup, statement, timestamp, type Lookup, type Statement, type Write } from "./statement";

type Writer = Pick<Db, "$executeRawUnsafe"> | Prisma.TransactionClient;

const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** A statement of SQLite's connection, compiled once per text. */
export function prepare(conn: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let cache = prepared.get(conn);
  if (!cache) prepared.set(conn, (cache = new Map()));
  let st = cache.get(text);
  if (!st) cache.set(text, (st = conn.prepare(text)));
  return st;
}

/** Runs one statement through a Prisma client or an interactive transaction. */
export function execute(writer: Writer, s: Statement) {
  return writer.$executeRawUnsafe(placeholders(s.text), ...s.params);
}

/** Rows of a SELECT. */
export async function queryRows<T>(db: Db, s: Statement): Promise<T[]> {
  const conn = sqliteConnectionOf(db);
  if (conn) {
    // Not inside another request's interactive transaction: its writes may yet be rolled back.
    const busy = sqliteIdle(conn);
    if (busy) await busy;
    return prepare(conn, s.text).all(...s.params) as T[];
  }
  const pool = pgPoolOf(db);
  if (pool) return (await pool.query(pgQuery(s))).rows as T[];
  return db.$queryRawUnsafe<T[]>(placeholders(s.text), ...s.params);
}

/**
 * The rows a lookup (see `lookup` in lib/db/statement.ts) finds for `value`. On
 * PostgreSQL, the lookups of one turn of the event loop share a query (lib/db/pg-batch.ts).
 */
export async function lookupRows<T>(db: Db, lookup: Lookup, value: string): Promise<T[]> {
  const pool = pgPoolOf(db);
  if (pool) return lookupInPgBatch<T>(pool, lookup, value);
  return queryRows<T>(db, statement(lookup.one, value));
}

/** A write as statements run in sequence on SQLite's one connection. */
const inSequence = (w: Write): Statement[] => (w.then ? [w.insert, w.then("last_insert_rowid()")] : [w.insert]);

/**
 * Commits a write atomically (both INSERTs or neither) and resolves once it is
 * durable. Writes made in the same turn of the event loop share one commit:
 * one transaction on SQLite (lib/db/group-commit.ts), one statement on
 * PostgreSQL (lib/db/pg-batch.ts).
 */
export async function commitWrite(db: Db, write: Write): Promise<void> {
  const conn = sqliteConnectionOf(db);
  if (conn) {
    return commitInGroup(conn, () => {
      for (const s of inSequence(write)) prepare(conn, s.text).run(...s.params);
    });
  }
  const pool = pgPoolOf(db);
  if (pool) return commitInPgGroup(pool, write);
  // SQLite before Prisma has opened its connection.
  await db.$transaction(inSequence(write).map((s) => execute(db, s)));
}
