// Hand-written SQL statements, as data: text with `?` placeholders and its
// parameters. lib/db/raw.ts runs them; the group commits combine them.
import { createHash } from "node:crypto";
import type pg from "pg";
import { config } from "@/lib/config/env";

export type Statement = { text: string; params: unknown[] };

/** An INSERT, and optionally a second one that refers to the new row through the SQL expression `insertedId`. */
export type Write = { insert: Statement; then?: (insertedId: string) => Statement };

export function statement(text: string, ...params: unknown[]): Statement {
  return { text, params };
}

/**
 * A timestamp parameter as text, in UTC: Prisma's format on SQLite; on PostgreSQL
 * the offset is ignored by its `timestamp` columns, which Prisma keeps in UTC.
 */
export function timestamp(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

/** A boolean column as read back: SQLite answers 0 or 1. */
export const bool = (v: unknown): boolean => v === true || v === 1 || v === "1" || v === 1n;

/** Column the batched form of a lookup names each row's matching value by. */
export const LOOKUP_VALUE = "lookup_value";

/**
 * A SELECT of `columns` from `table` by one column's value, written once: `one`
 * for a single value, `many` for a batch (`= ANY(?)`, each row tagged with the
 * value it matched as LOOKUP_VALUE; PostgreSQL only).
 */
export function lookup(table: string, column: string, columns: readonly string[]) {
  const list = columns.map((c) => `"${c}"`).join(", ");
  return {
    one: `SELECT ${list} FROM "${table}" WHERE "${column}" = ?`,
    many: `SELECT "${column}" AS "${LOOKUP_VALUE}", ${list} FROM "${table}" WHERE "${column}" = ANY(?)`,
  };
}
export type Lookup = ReturnType<typeof lookup>;

/** `?` placeholders as the provider wants them (`$1, $2…` on PostgreSQL). */
export function placeholders(text: string): string {
  if (config().provider !== "postgresql") return text;
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/**
 * The statement as node-postgres takes it, named, so each pooled connection
 * parses and plans it once. The name is derived from the text: every bundled
 * copy of this module must give the same text the same name. (Texts are
 * constants in the code, or combinations of a few of them, so the map stays small.)
 */
const pgTexts = new Map<string, { name: string; text: string }>();
export function pgQuery(s: Statement): pg.QueryConfig {
  let named = pgTexts.get(s.text);
  if (!named) {
    const text = placeholders(s.text);
    named = { name: `fed_${createHash("sha256").update(text).digest("base64url").slice(0, 22)}`, text };
    pgTexts.set(s.text, named);
  }
  return { ...named, values: s.params };
}
