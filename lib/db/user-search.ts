// The user list's filter as SQL: Prisma's `startsWith` sends `%` and `_` to
// LIKE unescaped on both providers, SQLite has no default escape character, and
// LIKE ignores case on SQLite but not on PostgreSQL. Here the prefix matches
// literally and, on both, without regard to (ASCII) case.
import type { Db } from "./client";
import { queryRows, statement } from "./raw";

/** The user columns a prefix may be matched against. */
export type UserSearchColumn = "username" | "firstName" | "lastName" | "email" | "externalId";

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

/** `value` as a LIKE pattern that matches it literally (with `ESCAPE '\'`). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function whereClause(s: UserSearch) {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (s.prefix) {
    const pattern = `${escapeLike(s.prefix)}%`;
    conditions.push(`(${s.columns.map((c) => `lower("${c}") LIKE lower(CAST(? AS TEXT)) ESCAPE '\\'`).join(" OR ")})`);
    params.push(...s.columns.map(() => pattern));
  }
  if (s.userRole !== undefined) {
    conditions.push(`"userRole" = ?`);
    params.push(s.userRole);
  }
  if (s.locked !== undefined) conditions.push(s.locked ? `"locked" = TRUE` : `"locked" = FALSE`);
  if (s.neverActive) conditions.push(`"activeTime" IS NULL`);
  return { text: conditions.length ? `WHERE ${conditions.join(" AND ")}` : "", params };
}

/** One page of matching user ids, in username order, and how many match in all. */
export async function searchUserIds(db: Db, s: UserSearch): Promise<{ ids: number[]; total: number }> {
  if (s.prefix && s.columns.length === 0) return { ids: [], total: 0 };
  const where = whereClause(s);
  const [rows, counted] = await Promise.all([
    queryRows<{ id: number | bigint }>(
      db,
      statement(`SELECT "id" FROM "User" ${where.text} ORDER BY "username" LIMIT ? OFFSET ?`, ...where.params, s.limit, s.offset),
    ),
    queryRows<{ n: number | bigint | string }>(db, statement(`SELECT count(*) AS "n" FROM "User" ${where.text}`, ...where.params)),
  ]);
  return { ids: rows.map((r) => Number(r.id)), total: Number(counted[0]?.n ?? 0) };
}
