// Creates and migrates the project's fresh database before its tests run.
import type { TestProject } from "vitest/node";
import pg from "pg";
import { createDb, providerOf } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

async function createPgDatabase(url: string) {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  return async () => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  };
}

export default async function setup(project: TestProject) {
  const url = project.config.env.DATABASE_URL as string;
  const provider = providerOf(url);
  const drop = provider === "postgresql" ? await createPgDatabase(url) : undefined;
  const db = createDb(url);
  await migrate(db, provider);
  await db.$disconnect();
  return async () => {
    await drop?.();
  };
}
