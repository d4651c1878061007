// Hand-written SQL for the exchange's hot path, where Prisma's per-query cost
// is larger than the query's (measured on SQLite: findUnique ~2 ms, the same
// SELECT through $queryRaw ~0.3 ms, through the driver ~0.02 ms). Statements use
// `?` placeholders and run on both providers, on the same connection (SQLite)
// or pool (PostgreSQL) that Prisma uses. `npm run bench` measures the result.
import { createHash } from "node:crypto";
import { config } from "@/lib/config/env";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { pgPoolOf, sqliteConnectionOf, type Db } from "./client";
import { commitInGroup } from "./group-commit";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";

export type Statement = { text: string; params: unknown[] };
type Writer = Pick<Db, "$executeRawUnsafe"> | Prisma.TransactionClient;

const provider = () => config().provider;

export function statement(text: string, ...params: unknown[]): Statement {
  return { text, params };
}

/** `?` placeholders as the provider wants them (`$1, $2…` on PostgreSQL). */
function placeholders(text: string): string {
  if (provider() !== "postgresql") return text;
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/**
 * A timestamp parameter as text, in UTC: Prisma's format on SQLite; on PostgreSQL
 * the offset is ignored by its `timestamp` columns, which Prisma keeps in UTC.
 */
export function timestamp(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

/** A boolean column as read back: SQLite answers 0 or 1. */
export const bool = (v: unknown): boolean => v === true || v === 1 || v === "1" || v === 1n;

const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function prepare(conn: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let cache = prepared.get(conn);
  if (!cache) prepared.set(conn, (cache = new Map()));
  let st = cache.get(text);
  if (!st) cache.set(text, (st = conn.prepare(text)));
  return st;
}

/**
 * Two INSERTs where the second refers to the row the first one made, through
 * the SQL expression `insertedId` (the new row's "id"). On PostgreSQL they
 * become one statement, so the pair costs one round trip and needs no
 * BEGIN/COMMIT; on SQLite they run in sequence on the same connection.
 */
export function insertThen(first: Statement, second: (insertedId: string) => Statement): Statement[] {
  if (provider() !== "postgresql") return [first, second("last_insert_rowid()")];
  const then = second(`(SELECT "id" FROM "inserted")`);
  return [statement(`WITH "inserted" AS (${first.text} RETURNING "id") ${then.text}`, ...first.params, ...then.params)];
}

/**
 * The query as node-postgres takes it, named, so each pooled connection parses
 * and plans it once. The name is derived from the text: every bundled copy of
 * this module must give the same text the same name. (Texts are constants in
 * the code, so the map stays small.)
 */
const pgNames = new Map<string, string>();
function pgQuery(s: Statement): pg.QueryConfig {
  const text = placeholders(s.text);
  let name = pgNames.get(text);
  if (!name) pgNames.set(text, (name = `fed_${createHash("sha256").update(text).digest("base64url").slice(0, 22)}`));
  return { name, text, values: s.params };
}

/** Runs one statement through a Prisma client or an interactive transaction. */
export function execute(writer: Writer, s: Statement) {
  return writer.$executeRawUnsafe(placeholders(s.text), ...s.params);
}

/** Rows of a SELECT. */
export async function queryRows<T>(db: Db, s: Statement): Promise<T[]> {
  const conn = sqliteConnectionOf(db);
  if (conn) return prepare(conn, s.text).all(...s.params) as T[];
  const pool = pgPoolOf(db);
  if (pool) return (await pool.query(pgQuery(s))).rows as T[];
  return db.$queryRawUnsafe<T[]>(placeholders(s.text), ...s.params);
}

/**
 * Runs the statements atomically, all of them or none, and resolves once they
 * are committed. On SQLite, writes made in the same turn of the event loop share
 * one commit (lib/db/group-commit.ts).
 */
export async function runAtomically(db: Db, statements: Statement[]): Promise<void> {
  const conn = sqliteConnectionOf(db);
  if (conn) {
    return commitInGroup(conn, () => {
      for (const s of statements) prepare(conn, s.text).run(...s.params);
    });
  }
  const pool = pgPoolOf(db);
  // A single statement is atomic on its own.
  if (pool && statements.length === 1) {
    await pool.query(pgQuery(statements[0]));
    return;
  }
  if (pool) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      for (const s of statements) await client.query(pgQuery(s));
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    return;
  }
  await db.$transaction(statements.map((s) => execute(db, s)));
}
