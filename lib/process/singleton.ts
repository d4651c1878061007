// Per-process state shared by every route bundle: Next.js may load a module once
// per bundle, so module-level variables alone would split the state.
const store = globalThis as unknown as { federationSingletons?: Map<string, unknown> };

/** The process's one value for `key`, made on first use. */
export function processSingleton<T>(key: string, make: () => T): T {
  const values = (store.federationSingletons ??= new Map());
  if (!values.has(key)) values.set(key, make());
  return values.get(key) as T;
}
