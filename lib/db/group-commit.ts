// Group commit on SQLite: the hot path's writes that arrive in the same turn
// of the event loop share one transaction, so one WAL append and one sync serve
// them all. Each write runs in its own savepoint: a failing one is rolled back
// alone and fails alone; the others resolve only once the commit is durable.
import type BetterSqlite3 from "better-sqlite3";

type Pending = {
  /** Runs the write on the connection, inside the shared transaction. */
  run: () => void;
  resolve: () => void;
  reject: (err: unknown) => void;
};

type Queue = { items: Pending[]; savepoint: BetterSqlite3.Statement; release: BetterSqlite3.Statement; rollback: BetterSqlite3.Statement };

// On globalThis: Next bundles this module once per route, and every copy must share the queue.
const store = globalThis as unknown as { federationCommitQueues?: WeakMap<BetterSqlite3.Database, Queue> };
const queues = (store.federationCommitQueues ??= new WeakMap());

/** Queues a write for the next group commit; resolves once it is committed. */
export function commitInGroup(conn: BetterSqlite3.Database, run: () => void): Promise<void> {
  let q = queues.get(conn);
  if (!q) {
    q = {
      items: [],
      savepoint: conn.prepare("SAVEPOINT group_item"),
      release: conn.prepare("RELEASE group_item"),
      rollback: conn.prepare("ROLLBACK TO group_item"),
    };
    queues.set(conn, q);
  }
  const queue = q;
  return new Promise((resolve, reject) => {
    if (queue.items.push({ run, resolve, reject }) === 1) setImmediate(() => flush(conn, queue));
  });
}

function flush(conn: BetterSqlite3.Database, q: Queue) {
  // Prisma holds an interactive transaction on the connection. Its adapter runs
  // any other query inside it, so a write now would share its fate (a rollback
  // would take back a key already handed out): wait until it has ended.
  if (conn.inTransaction) {
    setTimeout(() => flush(conn, q), 1);
    return;
  }
  const items = q.items.splice(0);
  const failed = new Map<Pending, unknown>();
  try {
    conn.transaction(() => {
      for (const it of items) {
        q.savepoint.run();
        try {
          it.run();
        } catch (err) {
          q.rollback.run();
          failed.set(it, err);
        }
        q.release.run();
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
}
