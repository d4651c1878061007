// Prisma's SQLite adapter has one connection, and while an interactive
// transaction is open on it, its other queries run inside that transaction (the
// adapter's lock covers transactions only): a rollback would take back writes
// other requests were told had succeeded, and reads would see uncommitted rows.
// So the adapter is wrapped, at its public interface, to make queries from outside
// a transaction wait until it has ended; the driver's own writes wait for the
// same gate (lib/db/raw.ts). A transaction callback must use its `tx`, never
// `db`, or it waits for itself until Prisma's transaction timeout.
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Factory = PrismaBetterSQLite3;
type Adapter = Awaited<ReturnType<Factory["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type Query = Parameters<Adapter["queryRaw"]>[0];

/** Counts Prisma's open transactions (queued ones too) on one database. */
export class TransactionGate {
  #open = 0;
  #waiters: (() => void)[] = [];

  enter() {
    this.#open++;
  }

  leave() {
    if (--this.#open > 0) return;
    const wake = this.#waiters;
    this.#waiters = [];
    for (const w of wake) w();
  }

  /**
   * Undefined when no transaction is open, so the caller may go on synchronously;
   * otherwise a promise of the moment none is.
   */
  idle(): Promise<void> | undefined {
    if (this.#open === 0) return undefined;
    return (async () => {
      // Another transaction may have begun before this waiter woke up.
      while (this.#open > 0) await new Promise<void>((r) => this.#waiters.push(r));
    })();
  }
}

/** The factory's adapter, with its queries kept out of its transactions; `setup` runs once per connection. */
export function withTransactionGate(factory: Factory, gate: TransactionGate, setup: string) {
  return {
    provider: "sqlite" as const,
    adapterName: factory.adapterName,
    connect: async (): Promise<Adapter> => {
      const adapter = await factory.connect();
      await adapter.executeScript(setup);
      return gated(adapter, gate);
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

function gated(inner: Adapter, gate: TransactionGate): Adapter {
  const outside = async <R>(run: () => Promise<R>): Promise<R> => {
    const busy = gate.idle();
    if (busy) await busy;
    return run();
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (q) => outside(() => inner.queryRaw(q)),
    executeRaw: (q) => outside(() => inner.executeRaw(q)),
    executeScript: (script) => outside(() => inner.executeScript(script)),
    dispose: () => inner.dispose(),
    startTransaction: async (isolationLevel) => {
      gate.enter(); // at once: from here on, other queries wait
      let tx: Transaction;
      try {
        tx = await inner.startTransaction(isolationLevel);
      } catch (err) {
        gate.leave();
        throw err;
      }
      return gatedTransaction(tx, gate);
    },
  };
}

const ROLLBACK: Query = { sql: "ROLLBACK", args: [], argTypes: [] };

function gatedTransaction(tx: Transaction, gate: TransactionGate): Transaction {
  let done = false;
  // commit() and rollback() release the adapter's lock: once, and then the gate.
  const end = (release: () => Promise<void>) => async () => {
    if (done) return;
    done = true;
    try {
      await release();
    } finally {
      gate.leave();
    }
  };
  const rollback = end(() => tx.rollback());
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (q) => tx.queryRaw(q),
    // Prisma ends a transaction by sending COMMIT or ROLLBACK and only then calls
    // commit() or rollback(). Should that statement fail (a deferred constraint, a
    // full disk), it calls neither, and the connection would stay locked for good.
    executeRaw: async (q) => {
      try {
        return await tx.executeRaw(q);
      } catch (err) {
        if (/^\s*(COMMIT|ROLLBACK)\b/i.test(q.sql)) {
          await tx.executeRaw(ROLLBACK).catch(() => undefined); // SQLite keeps a transaction whose COMMIT failed open
          await rollback();
        }
        throw err;
      }
    },
    commit: end(() => tx.commit()),
    rollback,
  };
}
