import "server-only";
import { config } from "@/lib/config/env";
import { createDb, type Db } from "./client";

// One client per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { federationDb?: Db };

export const db: Db = (globalForDb.federationDb ??= createDb(config().databaseUrl));
export type { Db };
