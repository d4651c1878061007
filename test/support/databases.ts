// Fresh, empty databases of the provider under test (for migration tests).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createDb, providerOf, type Db } from "@/lib/db/client";
import { createPgDatabase } from "./pg-database";

export const provider = providerOf(process.env.DATABASE_URL!);

export async function freshDatabase(): Promise<{ url: string; db: Db; drop: () => Promise<void> }> {
  const suffix = randomBytes(4).toString("hex");
  if (provider === "sqlite") {
    const url = `file:${path.join(process.env.DATA_DIR!, `fresh-${suffix}.db`)}`;
    const db = createDb(url);
    return { url, db, drop: () => db.$disconnect() };
  }
  const target = new URL(process.env.DATABASE_URL!);
  target.pathname = `${target.pathname}_${suffix}`;
  const dropDatabase = await createPgDatabase(target.toString());
  const db = createDb(target.toString());
  return {
    url: target.toString(),
    db,
    drop: async () => {
      await db.$disconnect();
      await dropDatabase();
    },
  };
}

/** A comparable description of tables, columns, indexes and constraints (without our bookkeeping table). */
export async function describeSchema(db: Db): Promise<string[]> {
  if (provider === "sqlite") {
    const rows = await db.$queryRawUnsafe<{ type: string; name: string; sql: string | null }[]>(
      `SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> '_app_migrations' ORDER BY type, name`,
    );
    // Spacing only: ALTER TABLE … ADD COLUMN writes `x , "y" …)` where CREATE TABLE writes `x, "y" … )`.
    const normalized = (sql: string | null) => (sql ?? "").replace(/\s+/g, " ").replace(/\s*([(),])\s*/g, "$1");
    return rows.map((r) => `${r.type} ${r.name}: ${normalized(r.sql)}`);
  }
  const columns = await db.$queryRawUnsafe<{ d: string }[]>(
    `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS d
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_app_migrations' ORDER BY 1`,
  );
  const indexes = await db.$queryRawUnsafe<{ d: string }[]>(
    `SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_app_migrations' ORDER BY 1`,
  );
  const constraints = await db.$queryRawUnsafe<{ d: string }[]>(
    `SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS d
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '%_app_migrations%' ORDER BY 1`,
  );
  return [...columns, ...indexes, ...constraints].map((r) => r.d);
}
