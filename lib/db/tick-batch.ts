// Calls made in the same turn of the event loop, handed over together when it
// ends (setImmediate runs after the turn's I/O callbacks). Under load, one turn
// brings several exchanges to the same step, and they can share a commit or a
// query. The group commits and PostgreSQL's batched lookups are built on this.

export type Batcher<T> = (item: T) => void;

/** A batcher whose `flush` gets each turn's items, in arrival order. */
export function tickBatcher<T>(flush: (items: T[]) => void): Batcher<T> {
  let items: T[] = [];
  return (item) => {
    if (items.push(item) > 1) return;
    setImmediate(() => {
      const batch = items;
      items = [];
      flush(batch);
    });
  };
}

// On globalThis: Next bundles a module once per route, and every copy must share one batcher per owner.
const store = globalThis as unknown as { federationBatchers?: Map<string, WeakMap<object, Batcher<never>>> };
const byKind = (store.federationBatchers ??= new Map());

/** The batcher of this kind for an owner (a connection, a pool), made on first use. */
export function batcherFor<T>(kind: string, owner: object, make: () => Batcher<T>): Batcher<T> {
  let owners = byKind.get(kind);
  if (!owners) byKind.set(kind, (owners = new WeakMap()));
  let batcher = owners.get(owner) as Batcher<T> | undefined;
  if (!batcher) owners.set(owner, (batcher = make()) as Batcher<never>);
  return batcher;
}
