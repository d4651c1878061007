// Applies prisma/<provider>/migrations/*/migration.sql in order and records each
// in _app_migrations. Runs at server start and from the CLI. On PostgreSQL an
// advisory lock serialises instances starting together; on SQLite an exclusive
// transaction does the same.
//
// SQLite ignores `PRAGMA foreign_keys` inside a transaction, and Prisma's table
// rebuilds (create new, copy, DROP TABLE, rename) need foreign keys off, or the
// DROP cascades into every child table. So the runner turns them off before its
// transaction, checks every reference before committing, and turns them back on.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { Db, Provider } from "./client";
import type { Prisma } from "./generated/sqlite/client";

export type Migration = { name: string; sql: string; checksum: string };

const LOCK_KEY = 7_302_611; // arbitrary, fixed: this application's advisory lock

export function migrationsDir(provider: Provider, root = process.cwd()): string {
  return path.join(root, "prisma", provider, "migrations");
}

export function readMigrations(provider: Provider, root?: string): Migration[] {
  const dir = migrationsDir(provider, root);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Splits a migration script into statements (Prisma's output: `;` ends a statement, no procedures). */
function statements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\r?\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
    .filter(Boolean);
}

/** Applies pending migrations; returns the names applied (empty when up to date). */
export async function migrate(db: Db, provider: Provider, root?: string): Promise<string[]> {
  const migrations = readMigrations(provider, root);
  const createTable = `CREATE TABLE IF NOT EXISTS "_app_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TEXT NOT NULL)`;
  if (provider === "sqlite") {
    await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
    await db.$executeRawUnsafe(createTable);
    await db.$executeRawUnsafe("PRAGMA foreign_keys=OFF");
  }
  try {
    return await applyPending(db, provider, migrations, createTable);
  } finally {
    if (provider === "sqlite") await db.$executeRawUnsafe("PRAGMA foreign_keys=ON");
  }
}

function applyPending(db: Db, provider: Provider, migrations: Migration[], createTable: string): Promise<string[]> {
  return db.$transaction(
    async (tx) => {
      if (provider === "postgresql") {
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
        await tx.$executeRawUnsafe(createTable);
      } else {
        // Take SQLite's write lock before reading, so a concurrent starter waits.
        await tx.$executeRawUnsafe(`DELETE FROM "_app_migrations" WHERE 0`);
      }
      const rows = await tx.$queryRawUnsafe<{ name: string; checksum: string }[]>(
        `SELECT "name", "checksum" FROM "_app_migrations"`,
      );
      const applied = new Map(rows.map((r) => [r.name, r.checksum]));
      const done: string[] = [];
      for (const m of migrations) {
        const previous = applied.get(m.name);
        if (previous !== undefined) {
          if (previous !== m.checksum) throw new Error(`Migration ${m.name} was changed after it was applied.`);
          continue;
        }
        for (const statement of statements(m.sql)) await tx.$executeRawUnsafe(statement);
        if (provider === "sqlite") await assertReferencesIntact(tx, m.name);
        await tx.$executeRawUnsafe(
          provider === "postgresql"
            ? `INSERT INTO "_app_migrations" ("name", "checksum", "applied_at") VALUES ($1, $2, $3)`
            : `INSERT INTO "_app_migrations" ("name", "checksum", "applied_at") VALUES (?, ?, ?)`,
          m.name,
          m.checksum,
          new Date().toISOString(),
        );
        done.push(m.name);
      }
      return done;
    },
    { timeout: 120_000, maxWait: 120_000 },
  );
}

/** Throws (so the transaction rolls back) when a row points at a row that no longer exists. */
async function assertReferencesIntact(tx: Prisma.TransactionClient, migration: string): Promise<void> {
  const broken = await tx.$queryRawUnsafe<{ table: string; parent: string }[]>("PRAGMA foreign_key_check");
  if (!broken.length) return;
  const counts = new Map<string, number>();
  for (const { table, parent } of broken) {
    const pair = `"${table}" → "${parent}"`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  const list = [...counts].map(([pair, n]) => `${pair} (${n} row${n === 1 ? "" : "s"})`).join(", ");
  throw new Error(`Migration ${migration} would leave rows pointing at missing rows: ${list}. Nothing was applied.`);
}

/** Names of migrations present in the folder but not yet applied (for /readyz). */
export async function pendingMigrations(db: Db, provider: Provider, root?: string): Promise<string[]> {
  const rows = await db
    .$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM "_app_migrations"`)
    .catch(() => []);
  const applied = new Set(rows.map((r) => r.name));
  return readMigrations(provider, root)
    .map((m) => m.name)
    .filter((n) => !applied.has(n));
}
