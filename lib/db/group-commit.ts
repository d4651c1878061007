// Group commit on SQLite: the hot path's writes that arrive in the same turn
// of the event loop share one transaction, so one WAL append and one sync serve
// them all. Each write runs in its own savepoint: a failing one is rolled back
// alone and fails alone; the others resolve only once the commit is durable.
import type BetterSqlite3 from "better-sqlite3";
import { sqliteIdle } from "./sqlite-gate";
import { batcherFor, tickBatcher } from "./tick-batch";

type Pending = {
  /** Runs the write on the connection, inside the shared transaction. */
  run: () => void;
  resolve: () => void;
  reject: (err: unknown) => void;
};

/** Queues a write for the next group commit; resolves once it is committed. */
export function commitInGroup(conn: BetterSqlite3.Database, run: () => void): Promise<void> {
  const batch = batcherFor<Pending>("sqlite-commit", conn, () => {
    const savepoint = conn.prepare("SAVEPOINT group_item");
    const release = conn.prepare("RELEASE group_item");
    const rollback = conn.prepare("ROLLBACK TO group_item");
    const flush = (items: Pending[]) => {
      // A transaction is open on the connection (Prisma's, see sqlite-gate.ts): a
      // write now would share its fate, and a rollback would take back a key
      // already handed out. Wait until it has ended, then look again.
      if (conn.inTransaction) {
        const retry = () => setTimeout(() => flush(items), 1);
        const busy = sqliteIdle(conn);
        if (busy) void busy.then(retry);
        else retry();
        return;
      }
      const failed = new Map<Pending, unknown>();
      try {
        conn.transaction(() => {
          for (const it of items) {
            savepoint.run();
            try {
              it.run();
            } catch (err) {
              rollback.run();
              failed.set(it, err);
            }
            release.run();
          }
        })();
      } catch (err) {
        // The commit itself failed (or SQLite gave up the whole transaction): nothing was written.
        for (const it of items) it.reject(err);
        return;
      }
      for (const it of items) {
        if (failed.has(it)) it.reject(failed.get(it));
        else it.resolve();
      }
    };
    return tickBatcher(flush);
  });
  return new Promise((resolve, reject) => batch({ run, resolve, reject }));
}
