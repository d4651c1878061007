// SQLite has one connection, and while Prisma holds an interactive transaction
// on it, its better-sqlite3 adapter runs every other query inside that
// transaction (its lock covers transactions only): a rollback would take back
// writes other requests were already told had succeeded, and reads would see
// uncommitted rows. So queries from outside the transaction wait until it has
// ended. A transaction callback must use its `tx`, never `db`, or it waits for
// itself until Prisma's transaction timeout. Transactions are short admin edits;
// the longest is a bundle upload, which holds the connection while its file rows
// are written.
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type Gate = { busy: () => boolean; ended: () => Promise<void> };

// On globalThis: Next bundles this module once per route, and every copy must see the gate.
const store = globalThis as unknown as { federationSqliteGates?: WeakMap<BetterSqlite3.Database, Gate> };
const gates = (store.federationSqliteGates ??= new WeakMap());

/** Makes the adapter's queries from outside an interactive transaction wait for it to end. */
export function keepOutOfTransactions(adapter: Adapter, conn: BetterSqlite3.Database) {
  // Transactions begun or waiting for the adapter's lock; queued ones count too,
  // so plain queries wait for the whole queue.
  let open = 0;
  let waiters: (() => void)[] = [];
  const ended = () => {
    if (--open > 0) return;
    const wake = waiters;
    waiters = [];
    for (const w of wake) w();
  };
  gates.set(conn, { busy: () => open > 0, ended: () => new Promise<void>((r) => waiters.push(r)) });

  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => {
    open++; // at once: from here on, other queries wait
    let tx: Transaction;
    try {
      tx = await startTransaction(...args);
    } catch (err) {
      ended();
      throw err;
    }
    let done = false;
    // commit() and rollback() release the adapter's lock: once, and then the gate.
    const end = (release: () => Promise<void>) => async () => {
      if (done) return;
      done = true;
      try {
        await release();
      } finally {
        ended();
      }
    };
    tx.commit = end(tx.commit.bind(tx));
    tx.rollback = end(tx.rollback.bind(tx));
    // Prisma ends a transaction by sending COMMIT or ROLLBACK and only then calls
    // commit() or rollback(). Should that statement fail (a deferred constraint, a
    // full disk), it calls neither, and the connection would stay locked for good.
    const executeRaw = tx.executeRaw.bind(tx);
    tx.executeRaw = async (query) => {
      try {
        return await executeRaw(query);
      } catch (err) {
        if (/^\s*(COMMIT|ROLLBACK)\b/i.test(query.sql)) {
          if (conn.inTransaction) conn.prepare("ROLLBACK").run();
          await tx.rollback();
        }
        throw err;
      }
    };
    return tx;
  };
  const outside =
    <A extends unknown[], R>(run: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const busy = sqliteIdle(conn);
      if (busy) await busy;
      return run(...a);
    };
  adapter.queryRaw = outside(adapter.queryRaw.bind(adapter));
  adapter.executeRaw = outside(adapter.executeRaw.bind(adapter));
  adapter.executeScript = outside(adapter.executeScript.bind(adapter));
}

/**
 * Undefined when no interactive transaction holds the connection, so the caller
 * may go on synchronously; otherwise a promise of the moment none does.
 */
export function sqliteIdle(conn: BetterSqlite3.Database): Promise<void> | undefined {
  const gate = gates.get(conn);
  if (!gate?.busy()) return undefined;
  return (async () => {
    // Another transaction may have begun before this waiter woke up.
    while (gate.busy()) await gate.ended();
  })();
}
