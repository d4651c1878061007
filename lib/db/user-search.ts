// The user list's filter as SQL: Prisma's `startsWith` sends `%` and `_` to
// LIKE unescaped on both providers, SQLite has no default escape character, and
// LIKE ignores case on SQLite but not on PostgreSQL. Here the prefix matches
// literally and, on both, without regard to case as each database's lower()
// sees it (ASCII only on SQLite; the database's locale on PostgreSQL).
//
// A prefix is found through an index on lower(column) per column (the
// migration "user_search_indexes", EXPRESSION_INDEXES below), as a range of
// lower(column): from the prefix lowered by the database itself, so both sides
// are lowered alike, to the least string after every string with that prefix.
// Both databases compare those in code point order (SQLite's BINARY collation,
// PostgreSQL's "C", which the indexes use). The LIKE stays as the final filter,
// so the rows are exactly those it matches.
import type { Db, Provider } from "./client";
import { driverOf, queryRows, statement, type Statement } from "./raw";
import { holdsNul } from "@/lib/validation/text";

/** The user columns a prefix may be matched against. */
export type UserSearchColumn = "username" | "firstName" | "lastName" | "email" | "externalId";

/**
 * Indexes the migrations make that Prisma's schema language cannot declare
 * (indexes on expressions), so the schema drift test (test/db/migrations.test.ts)
 * allows exactly these beyond the models' indexes. One per searchable column.
 */
export const EXPRESSION_INDEXES = [
  "User_lower_username_idx",
  "User_lower_firstName_idx",
  "User_lower_lastName_idx",
  "User_lower_email_idx",
  "User_lower_externalId_idx",
] as const;

export type UserSearch = {
  prefix?: string;
  /** Only the columns the caller may read: a hidden one must not be probed by search. */
  columns: readonly UserSearchColumn[];
  userRole?: string;
  locked?: boolean;
  neverActive?: boolean;
  limit: number;
  offset: number;
};

/** The prefix as the database lowered it, and the least string above every string that starts with it (none: no upper bound). */
export type PrefixRange = { lo: string; hi?: string };

/** `value` as a LIKE pattern that matches it literally (with `ESCAPE '\'`). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The least string greater than every string that starts with `lo`, in code point
 * order: `lo` with its last code point raised by one (past the surrogates, which
 * no stored text holds); a last U+10FFFF, the highest, is dropped first. Undefined
 * when `lo` is all U+10FFFF (or empty): then nothing bounds the range above.
 */
export function prefixUpperBound(lo: string): string | undefined {
  const points = Array.from(lo, (c) => c.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last === 0x10ffff) continue;
    points.push(last === 0xd7ff ? 0xe000 : last + 1);
    return String.fromCodePoint(...points);
  }
  return undefined;
}

function whereClause(provider: Provider, s: UserSearch, range: PrefixRange | undefined) {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (s.prefix) {
    if (!range) throw new Error("a prefix is searched with its range (prefixRange)");
    const pattern = `${escapeLike(s.prefix)}%`;
    // Each column's test on its own, so each is an index range (PostgreSQL: a BitmapOr, SQLite: a multi-index OR).
    const lowered = (c: UserSearchColumn) => (provider === "postgresql" ? `lower("${c}") COLLATE "C"` : `lower("${c}")`);
    const branch = (c: UserSearchColumn) => {
      const upper = range.hi === undefined ? [] : [`${lowered(c)} < ?`];
      params.push(range.lo, ...(range.hi === undefined ? [] : [range.hi]), pattern);
      return `(${[`${lowered(c)} >= ?`, ...upper, `lower("${c}") LIKE lower(CAST(? AS TEXT)) ESCAPE '\\'`].join(" AND ")})`;
    };
    conditions.push(`(${s.columns.map(branch).join(" OR ")})`);
  }
  if (s.userRole !== undefined) {
    conditions.push(`"userRole" = ?`);
    params.push(s.userRole);
  }
  if (s.locked !== undefined) conditions.push(s.locked ? `"locked" = TRUE` : `"locked" = FALSE`);
  if (s.neverActive) conditions.push(`"activeTime" IS NULL`);
  return { text: conditions.length ? `WHERE ${conditions.join(" AND ")}` : "", params };
}

/** The page of ids and the count that searchUserIds sends, given the prefix's range (exported for the query plan tests). */
export function userSearchStatements(provider: Provider, s: UserSearch, range: PrefixRange | undefined): { page: Statement; count: Statement } {
  const where = whereClause(provider, s, range);
  return {
    page: statement(`SELECT "id" FROM "User" ${where.text} ORDER BY "username" LIMIT ? OFFSET ?`, ...where.params, s.limit, s.offset),
    count: statement(`SELECT count(*) AS "n" FROM "User" ${where.text}`, ...where.params),
  };
}

/** The prefix's range, lowered by the database (its lower() is the one the indexes and the LIKE use). */
export async function prefixRange(db: Db, prefix: string): Promise<PrefixRange> {
  const [{ lo }] = await queryRows<{ lo: string }>(db, statement(`SELECT lower(CAST(? AS TEXT)) AS "lo"`, prefix));
  return { lo, hi: prefixUpperBound(lo) };
}

/** One page of matching user ids, in username order, and how many match in all. */
export async function searchUserIds(db: Db, s: UserSearch): Promise<{ ids: number[]; total: number }> {
  // No stored text holds NUL (lib/validation/text.ts), and neither database could take it as a pattern.
  if (s.prefix && (s.columns.length === 0 || holdsNul(s.prefix))) return { ids: [], total: 0 };
  const provider: Provider = driverOf(db).pool ? "postgresql" : "sqlite";
  const range = s.prefix ? await prefixRange(db, s.prefix) : undefined;
  const { page, count } = userSearchStatements(provider, s, range);
  const [rows, counted] = await Promise.all([
    queryRows<{ id: number | bigint }>(db, page),
    queryRows<{ n: number | bigint | string }>(db, count),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: Number(counted[0]?.n ?? 0) };
}
