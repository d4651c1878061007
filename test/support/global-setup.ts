// Creates and migrates the project's fresh database before its tests run.
import type { TestProject } from "vitest/node";
import { createDb, providerOf } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createPgDatabase } from "./pg-database";

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
