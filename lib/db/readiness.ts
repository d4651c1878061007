import { config } from "@/lib/config/env";
import { db } from "./index";
import { pendingMigrations } from "./migrate";

/** Ready when the database answers and no migration is pending. */
export async function readiness(): Promise<{ ready: boolean; database: string; pending_migrations: string[] }> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch {
    return { ready: false, database: "unreachable", pending_migrations: [] };
  }
  const pending = await pendingMigrations(db, config().provider);
  return { ready: pending.length === 0, database: "ok", pending_migrations: pending };
}
