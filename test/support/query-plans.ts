// Query plans as text, for the tests that assert a statement uses its index
// rather than reading a whole table (test/db/*-indexes.test.ts).
import { afterAll, beforeAll } from "vitest";
import type { Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { pgPoolOf, type Statement } from "@/lib/db/raw";
import { freshDatabase, provider } from "./databases";

/**
 * The test file's own database: fresh, migrated and filled by `seed` (whose last
 * statement should be ANALYZE) before its tests, dropped after them. Read `.db` in tests.
 */
export function seededDatabase(seed: readonly string[]): { readonly db: Db } {
  const state: { db?: Db; drop?: () => Promise<void> } = {};
  beforeAll(async () => {
    const { db, drop } = await freshDatabase();
    Object.assign(state, { db, drop });
    await migrate(db, provider);
    for (const statement of seed) await db.$executeRawUnsafe(statement);
  }, 120_000);
  afterAll(async () => {
    await state.drop?.();
  });
  return {
    get db() {
      if (!state.db) throw new Error("the seeded database exists only inside tests");
      return state.db;
    },
  };
}

type PgPlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PgPlanNode[] };

/** Every node of a PostgreSQL plan (subplans included), as "Node Type on relation using index" lines. */
function pgNodes(node: PgPlanNode): string[] {
  const line = [node["Node Type"], node["Relation Name"] && `on ${node["Relation Name"]}`, node["Index Name"] && `using ${node["Index Name"]}`];
  return [line.filter(Boolean).join(" "), ...(node.Plans ?? []).flatMap(pgNodes)];
}

/** The plan as lines of text; a statement with `?` parameters is planned with its values. */
export async function queryPlan(db: Db, query: string | Statement): Promise<string> {
  const { text, params } = typeof query === "string" ? { text: query, params: [] } : query;
  if (provider === "sqlite") {
    const rows = await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${text}`, ...params);
    return rows.map((r) => r.detail).join("\n");
  }
  let n = 0;
  const result = await pgPoolOf(db)!.query(`EXPLAIN (FORMAT JSON) ${text.replace(/\?/g, () => `$${++n}`)}`, params);
  const [{ Plan }] = result.rows[0]["QUERY PLAN"] as [{ Plan: PgPlanNode }];
  return pgNodes(Plan).join("\n");
}

/**
 * PostgreSQL's generic plan of a statement: the one it may cache for a named
 * (prepared) statement, as lib/db/raw.ts sends them, and run for any values, so
 * it cannot derive index bounds from them (as it does from a LIKE pattern it is given).
 */
export async function genericQueryPlan(db: Db, query: Statement): Promise<string> {
  let n = 0;
  const text = query.text.replace(/\?/g, () => `$${++n}`);
  const client = await pgPoolOf(db)!.connect();
  try {
    await client.query(`PREPARE plan_probe AS ${text}`);
    await client.query(`SET plan_cache_mode = force_generic_plan`);
    // EXECUTE takes no bind parameters: its values as literals.
    const values = query.params.map((v) => (typeof v === "number" ? String(v) : client.escapeLiteral(String(v)))).join(", ");
    const result = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE plan_probe${values ? `(${values})` : ""}`);
    const [{ Plan }] = result.rows[0]["QUERY PLAN"] as [{ Plan: PgPlanNode }];
    return pgNodes(Plan).join("\n");
  } finally {
    await client.query(`DEALLOCATE plan_probe; RESET plan_cache_mode`).catch(() => undefined);
    client.release();
  }
}

/**
 * A plan that reads every row of a table: SQLite's "SCAN t" (and "SCAN t USING
 * [COVERING] INDEX i"; the list of ids a statement is given, json_each, is no
 * table), PostgreSQL's "Seq Scan" node.
 */
export const FULL_SCAN = provider === "sqlite" ? /\bSCAN (?!json_each)/ : /Seq Scan/;
