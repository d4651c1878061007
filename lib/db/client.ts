// Builds a Prisma client for a database URL. Both generated clients come from
// the same models, so they share one TypeScript shape (the SQLite one).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";

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
    const adapter = new PrismaPg({ connectionString: url, max: 10 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  const file = sqliteFile(url);
  mkdirSync(path.dirname(file), { recursive: true });
  // `timeout` is SQLite's busy timeout: concurrent writers wait instead of failing.
  // WAL mode is switched on by the migration runner (it persists in the file).
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 10_000 });
  return new SqliteClient({ adapter });
}
