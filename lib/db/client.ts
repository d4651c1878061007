// Builds a Prisma client for a database URL. Both generated clients come from
// the same models, so they share one TypeScript shape (the SQLite one).
// Beside Prisma, each client has a driver handle for the few queries where
// Prisma's own cost per query is larger than the query's (lib/db/raw.ts).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { registerDriver, SQLITE_BUSY_TIMEOUT_MS, SqliteDriver } from "./raw";
import { TransactionGate, withTransactionGate } from "./sqlite-transactions";

export type Db = SqliteClient;
export type Provider = "sqlite" | "postgresql";

export function providerOf(url: string): Provider {
  return /^postgres(ql)?:/.test(url) ? "postgresql" : "sqlite";
}

export function sqliteFile(url: string): string {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

export function createDb(url: string): Db {
  if (providerOf(url) === "postgresql") {
    // Our own pool, shared with Prisma, so the hot path can query it directly.
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the server closed (restart, failover) is dropped and replaced by the pool.
    pool.on("error", () => undefined);
    const client = new PostgresClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
    registerDriver(client, { pool });
    return client;
  }
  const file = sqliteFile(url);
  keepPrivate(file);
  const gate = new TransactionGate();
  // WAL mode is switched on by the migration runner (it persists in the file).
  // Dates are stored as ISO 8601 text (the adapter's default, named here because
  // lib/db/raw.ts writes the same format).
  const factory = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: SQLITE_BUSY_TIMEOUT_MS }, { timestampFormat: "iso8601" });
  // better-sqlite3 builds SQLite to sync WAL commits only at checkpoints (NORMAL):
  // a power loss could take back keys already handed out and their audit events.
  // FULL syncs every commit; the exchange's group commit keeps that affordable.
  const client = new SqliteClient({ adapter: withTransactionGate(factory, gate, "PRAGMA synchronous = FULL") });
  registerDriver(client, { sqlite: new SqliteDriver(file, gate) });
  return client;
}

/**
 * The database file, its WAL and shared-memory files readable by this user only:
 * they hold password hashes and key hashes. SQLite gives the WAL and -shm files the
 * database file's mode, so creating that file 0600 first covers them too. A directory
 * this creates is 0700; an existing one is the operator's to choose (DATA_DIR is made
 * private by lib/config/load.ts).
 */
function keepPrivate(file: string) {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
  if (process.platform === "win32") return;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
  }
}
