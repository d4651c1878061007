import "server-only";
import { config } from "@/lib/config/env";
import { processSingleton } from "@/lib/process/singleton";
import { createDb, type Db } from "./client";

// One client per process, kept across hot reloads in development.
export const db: Db = processSingleton("db", () => createDb(config().databaseUrl));
export type { Db };
