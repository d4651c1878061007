// The driver under a Prisma client, for the queries where Prisma's cost per
// query is larger than the query's (measured on SQLite: findUnique ~2 ms, the
// same SELECT through the driver ~0.02 ms): the exchange (lib/db/exchange-store.ts),
// bundle file bytes, the user search.
// - PostgreSQL: the pool Prisma's adapter uses too.
// - SQLite: a better-sqlite3 connection of our own to the same file. In WAL mode
//   its reads see committed rows only, never those of a transaction open on
//   Prisma's connection; its writes wait until no such transaction is open, so
//   they never block the event loop on a lock this process holds.
import { createHash } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { processSingleton } from "@/lib/process/singleton";
import type { Db } from "./client";
import type { TransactionGate } from "./sqlite-transactions";

/** How long a SQLite connection waits for another process's write lock. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export class SqliteDriver {
  #conn: BetterSqlite3.Database | undefined;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(
    readonly file: string,
    readonly gate: TransactionGate,
  ) {}

  /** The connection, opened on first use. */
  get conn(): BetterSqlite3.Database {
    if (!this.#conn) {
      const conn = new BetterSqlite3(this.file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
      // Every commit synced (see the same setting in client.ts); references checked.
      conn.pragma("synchronous = FULL");
      conn.pragma("foreign_keys = ON");
      this.#conn = conn;
    }
    return this.#conn;
  }

  /** A statement compiled once per text. */
  prepare(text: string): BetterSqlite3.Statement {
    let st = this.#statements.get(text);
    if (!st) this.#statements.set(text, (st = this.conn.prepare(text)));
    return st;
  }

  /** Resolves when no Prisma transaction is open on the file; then write at once, synchronously. */
  async writable(): Promise<void> {
    for (let busy = this.gate.idle(); busy; busy = this.gate.idle()) await busy;
  }
}

type Driver = { sqlite: SqliteDriver; pool?: undefined } | { pool: pg.Pool; sqlite?: undefined };

const drivers = () => processSingleton("db.drivers", () => new WeakMap<Db, Driver>());

export function registerDriver(db: Db, driver: Driver) {
  drivers().set(db, driver);
}

export function driverOf(db: Db): Driver {
  const driver = drivers().get(db);
  if (!driver) throw new Error("This database client was not made by createDb().");
  return driver;
}

/** The PostgreSQL pool behind a client; undefined on SQLite. */
export const pgPoolOf = (db: Db): pg.Pool | undefined => driverOf(db).pool;

/** Statement text with `?` placeholders, as PostgreSQL wants them (`$1, $2…`). */
export function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/**
 * A query as node-postgres takes it, named, so each pooled connection parses and
 * plans it once. The name comes from the text, so the same text has the same name
 * in every bundled copy of this module.
 */
export function pgQuery(text: string, values: unknown[]): pg.QueryConfig {
  const named = processSingleton("db.pg-statement-names", () => new Map<string, string>());
  let name = named.get(text);
  if (!name) named.set(text, (name = `fed_${createHash("sha256").update(text).digest("base64url").slice(0, 22)}`));
  return { name, text, values };
}

/** A statement as data: text with `?` placeholders, and its parameters. */
export type Statement = { text: string; params: unknown[] };

export function statement(text: string, ...params: unknown[]): Statement {
  return { text, params };
}

/** Rows of a SELECT. */
export async function queryRows<T>(db: Db, s: Statement): Promise<T[]> {
  const { sqlite, pool } = driverOf(db);
  if (sqlite) return sqlite.prepare(s.text).all(...s.params) as T[];
  return (await pool.query(pgQuery(numbered(s.text), s.params))).rows as T[];
}

/** Runs a write (outside the exchange, which batches its own); resolves to the rows it changed. */
export async function execute(db: Db, s: Statement): Promise<number> {
  const { sqlite, pool } = driverOf(db);
  if (sqlite) {
    await sqlite.writable();
    return sqlite.prepare(s.text).run(...s.params).changes;
  }
  return (await pool.query(pgQuery(numbered(s.text), s.params))).rowCount ?? 0;
}

/**
 * A date as SQLite's columns hold it: ISO 8601 text with an explicit UTC offset,
 * the format client.ts asks Prisma's adapter for (`timestampFormat: "iso8601"`),
 * so Prisma reads these dates back and compares them as text correctly.
 * PostgreSQL's `timestamp` columns take any ISO text and ignore the offset (Prisma keeps them in UTC).
 */
export function timestamp(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
