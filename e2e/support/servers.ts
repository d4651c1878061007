// One app server per Playwright worker, each on its own port with its own SQLite
// file: specs that switch the feature flag, count a list or sign everyone out run
// side by side without seeing each other. The OpenID Provider is shared.
import { availableParallelism } from "node:os";
import path from "node:path";

/**
 * Workers, and so app servers, in a run (`--workers` may ask for fewer, never more):
 * E2E_WORKERS, or one per two cores, as a worker's browser and server keep about two
 * busy. On two cores one worker is the faster: two took 385 s against 367 s.
 */
export const WORKERS = Math.max(1, Math.floor(Number(process.env.E2E_WORKERS) || Math.min(4, availableParallelism() / 2)));

const FIRST_PORT = 3210;

/** The app server of the worker with this parallel index (0 … WORKERS-1). */
export function appUrl(parallelIndex: number): string {
  if (parallelIndex >= WORKERS) throw new Error(`worker ${parallelIndex} has no app server: set E2E_WORKERS`);
  return `http://127.0.0.1:${FIRST_PORT + parallelIndex}`;
}

/** That server's data directory (its database and setup code), under this run's E2E_DATA_DIR. */
export function dataDirOf(parallelIndex: number): string {
  return path.join(process.env.E2E_DATA_DIR!, `server-${parallelIndex}`);
}
