// One app server per Playwright worker, each on its own port with its own SQLite
// file: specs that switch the feature flag, count a list or sign everyone out run
// side by side without seeing each other. The OpenID Provider is shared.
//
// With TEST_DATABASE_URL set (CI sets it), one more app server runs on a fresh
// PostgreSQL database, for the specs of the "postgresql" project: what PostgreSQL
// refuses and SQLite takes (NUL in text, ids past 32 bits, long index keys) is a 5xx
// only there.
import { availableParallelism } from "node:os";
import path from "node:path";

/**
 * Workers, and so SQLite app servers, in a run (`--workers` may ask for fewer, never more):
 * E2E_WORKERS, or one per two cores, as a worker's browser and server keep about two
 * busy. On two cores one worker is the faster: two took 385 s against 367 s.
 */
export const WORKERS = Math.max(1, Math.floor(Number(process.env.E2E_WORKERS) || Math.min(4, availableParallelism() / 2)));

const FIRST_PORT = 3210;

/** The project whose tests talk to the PostgreSQL server. */
export const POSTGRESQL_PROJECT = "postgresql";

export type AppServer = { url: string; dataDir: string; databaseUrl: string };

/** The address of the SQLite app server of the worker with this parallel index (0 … WORKERS-1). */
export function appUrl(parallelIndex: number): string {
  if (parallelIndex >= WORKERS) throw new Error(`worker ${parallelIndex} has no app server: set E2E_WORKERS`);
  return `http://127.0.0.1:${FIRST_PORT + parallelIndex}`;
}

/** That server, with its data directory and database under this run's E2E_DATA_DIR. */
export function sqliteServer(parallelIndex: number): AppServer {
  const dataDir = path.join(process.env.E2E_DATA_DIR!, `server-${parallelIndex}`);
  return { url: appUrl(parallelIndex), dataDir, databaseUrl: `file:${path.join(dataDir, "federation.db")}` };
}

/**
 * The PostgreSQL app server, when TEST_DATABASE_URL names a server (a role that may
 * create databases): its database is this run's own (E2E_PG_DATABASE, made by
 * playwright.config.ts, created at the server's start and dropped at the end).
 */
export function postgresqlServer(): AppServer | undefined {
  const server = process.env.TEST_DATABASE_URL;
  const database = process.env.E2E_PG_DATABASE;
  if (!server || !database) return undefined;
  const databaseUrl = new URL(server);
  databaseUrl.pathname = `/${database}`;
  return { url: "http://127.0.0.1:3290", dataDir: path.join(process.env.E2E_DATA_DIR!, "server-pg"), databaseUrl: databaseUrl.toString() };
}

/** The server a test or a worker talks to: PostgreSQL's for its project, else the worker's own. */
export function serverOf(info: { project: { name: string }; parallelIndex: number }): AppServer {
  if (info.project.name !== POSTGRESQL_PROJECT) return sqliteServer(info.parallelIndex);
  const server = postgresqlServer();
  if (!server) throw new Error(`the ${POSTGRESQL_PROJECT} project runs only with TEST_DATABASE_URL set`);
  return server;
}
