// Builds a Prisma client for a database URL. Both generated clients come from
// the same models, so they share one TypeScript shape (the SQLite one).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { keepOutOfTransactions } from "./sqlite-gate";

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
    // Our own pool, shared with Prisma, so the hot path can query it directly (lib/db/raw.ts).
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the server closed (restart, failover) is dropped and replaced by the pool.
    pool.on("error", () => undefined);
    const client = new PostgresClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
    pgPools.set(client, pool);
    return client;
  }
  const file = sqliteFile(url);
  keepPrivate(file);
  // `timeout` is SQLite's busy timeout: concurrent writers wait instead of failing.
  // WAL mode is switched on by the migration runner (it persists in the file).
  const factory = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 10_000 });
  // Keep the adapter's own connection, so the exchange's hot path can use it
  // directly (lib/db/raw.ts). Should Prisma stop exposing it, that path falls back to Prisma.
  const adapter: typeof factory = Object.assign(Object.create(Object.getPrototypeOf(factory)), factory, {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const connected = await factory.connect();
      const conn = (connected as unknown as { client?: BetterSqlite3.Database }).client;
      if (conn && typeof conn.prepare === "function") {
        // better-sqlite3 builds SQLite to sync WAL commits only at checkpoints (NORMAL):
        // a power loss could take back keys already handed out and their audit events.
        // FULL syncs every commit; the exchange's group commit keeps that affordable.
        conn.pragma("synchronous = FULL");
        sqliteConnections.set(client, conn);
        keepOutOfTransactions(connected, conn);
      }
      return connected;
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  });
  const client = new SqliteClient({ adapter });
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

// On globalThis: Next may bundle this module once per route, and every copy must see the connection.
const store = globalThis as unknown as { federationSqliteConnections?: WeakMap<object, BetterSqlite3.Database> };
const sqliteConnections = (store.federationSqliteConnections ??= new WeakMap());

const pools = globalThis as unknown as { federationPgPools?: WeakMap<object, pg.Pool> };
const pgPools = (pools.federationPgPools ??= new WeakMap());

/** The PostgreSQL pool behind a client; undefined on SQLite. */
export function pgPoolOf(db: Db): pg.Pool | undefined {
  return pgPools.get(db);
}

/** The SQLite connection behind a client, once it has connected; undefined on PostgreSQL. */
export function sqliteConnectionOf(db: Db): BetterSqlite3.Database | undefined {
  return sqliteConnections.get(db);
}
