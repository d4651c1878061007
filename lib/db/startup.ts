import { config } from "@/lib/config/env";
import { db } from "./index";
import { migrate } from "./migrate";
import { log } from "@/lib/log";
import { processSingleton } from "@/lib/process/singleton";

/** Brings the database to the current schema once per process (server start, CLI). */
export function ensureMigrated(): Promise<void> {
  return processSingleton("db.migrated", () =>
    migrate(db, config().provider).then((applied) => {
      if (applied.length) log.info("migrations applied", { provider: config().provider, applied });
    }),
  );
}
