// The user search finds a prefix through the lower(column) indexes on a seeded,
// ANALYZEd User table, for administrators' five columns and the three others may
// search: every column's test is an index range (PostgreSQL: Bitmap Index Scans
// under a BitmapOr, SQLite: a MULTI-INDEX OR), never a read of the whole table,
// on PostgreSQL in the generic plan of the named statement too.
// The planner chooses freely: nothing here turns a scan method off.
import { describe, expect, it } from "vitest";
import { prefixRange, userSearchStatements, type UserSearch, type UserSearchColumn } from "@/lib/db/user-search";
import { provider } from "../support/databases";
import { FULL_SCAN, genericQueryPlan, queryPlan, seededDatabase } from "../support/query-plans";

const USERS = 20_000;

// Usernames user-00001…, first and last names from a few hundred, emails and external ids per user; every 50th a publisher.
const columns = (i: string, pad: string) => `'user-' || ${pad}, 'First' || (${i} % 300), 'Last' || (${i} % 700),
  'person' || ${i} || '@example.com', 'sub-' || ${i}, CASE WHEN ${i} % 50 = 0 THEN 'publisher' ELSE 'viewer' END`;
const SEED = {
  sqlite: [
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${USERS})
     INSERT INTO "User" ("guid", "username", "firstName", "lastName", "email", "externalId", "userRole", "updatedTime")
     SELECT 'g' || i, ${columns("i", "printf('%05d', i)")}, '2026-01-01T00:00:00.000+00:00' FROM n`,
    `ANALYZE`,
  ],
  postgresql: [
    `INSERT INTO "User" ("guid", "username", "firstName", "lastName", "email", "externalId", "userRole", "updatedTime")
     SELECT 'g' || i, ${columns("i", "lpad(i::text, 5, '0')")}, now() FROM generate_series(1, ${USERS}) i`,
    `ANALYZE`,
  ],
}[provider];

const ADMIN: UserSearchColumn[] = ["username", "firstName", "lastName", "email", "externalId"];
const LIMITED: UserSearchColumn[] = ["username", "firstName", "lastName"];
const index = (c: UserSearchColumn) => `User_lower_${c}_idx`;

const CASES: { name: string; search: UserSearch }[] = [
  { name: "administrator's columns", search: { prefix: "User-0001", columns: ADMIN, limit: 25, offset: 0 } },
  { name: "the columns others may search", search: { prefix: "user-0001", columns: LIMITED, limit: 25, offset: 0 } },
  { name: "with role and status filters", search: { prefix: "First12", columns: ADMIN, userRole: "publisher", locked: false, limit: 25, offset: 0 } },
  { name: "a prefix with wildcards", search: { prefix: "sub-1_%", columns: ADMIN, limit: 25, offset: 25 } },
];

const seeded = seededDatabase(SEED);

describe(`user search plans on ${provider}, ${USERS} users`, () => {
  it.each(CASES)("$name: the page and the count use every column's index, not a full scan", async ({ search }) => {
    const range = await prefixRange(seeded.db, search.prefix!);
    const { page, count } = userSearchStatements(provider, search, range);
    for (const statement of [page, count]) {
      // PostgreSQL: also the plan it may cache for the named statement and use for any prefix.
      const plans = [await queryPlan(seeded.db, statement), ...(provider === "postgresql" ? [await genericQueryPlan(seeded.db, statement)] : [])];
      for (const text of plans) {
        expect(text).not.toMatch(FULL_SCAN);
        for (const c of search.columns) expect(text).toContain(index(c));
      }
    }
  });
});
