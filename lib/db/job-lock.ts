// Lets a background job run on one instance at a time. On PostgreSQL it holds a
// session advisory lock on a pool connection of its own for the whole job: the
// job's batches commit one by one on other connections, and should the instance
// die, the server drops the connection and with it the lock. On SQLite one
// process writes the file at a time anyway; a per-process flag is enough.
import type { Db } from "./client";
import { processSingleton } from "@/lib/process/singleton";
import { pgPoolOf } from "./raw";

// Arbitrary, fixed, and distinct from the migration lock in migrate.ts.
const LOCK_KEYS = { retention: 7_302_612 } as const;
export type JobName = keyof typeof LOCK_KEYS;

// Per process, whichever route bundle asks.
const running = processSingleton("db.jobs-running", () => new Set<JobName>());

/** Runs `job` unless it is already running here or on another instance; says whether it ran. */
export async function withJobLock<T>(db: Db, name: JobName, job: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> {
  if (running.has(name)) return { ran: false };
  running.add(name);
  try {
    const pool = pgPoolOf(db);
    if (!pool) return { ran: true, result: await job() };
    const conn = await pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await conn.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [LOCK_KEYS[name]]);
      if (!rows[0]?.locked) return { ran: false };
      try {
        return { ran: true, result: await job() };
      } finally {
        await conn.query("SELECT pg_advisory_unlock($1)", [LOCK_KEYS[name]]).catch((err: Error) => {
          broken = err; // the connection is then closed, not reused, which releases the lock
        });
      }
    } finally {
      conn.release(broken);
    }
  } finally {
    running.delete(name);
  }
}
