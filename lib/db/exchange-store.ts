// The exchange's statements (SPEC §3: map user, mint key + audit), on the driver
// (lib/db/raw.ts) rather than Prisma, and batched per turn of the event loop,
// which `npm run bench` shows pays (bench/RESULTS.md):
// - writes share one commit: one transaction on SQLite (one WAL sync for all), one
//   statement on PostgreSQL. Each write still succeeds or fails alone, and resolves
//   only once committed.
// - on PostgreSQL, the user lookups of a turn share one query.
import DataLoader from "dataloader";
import type pg from "pg";
import { processSingleton } from "@/lib/process/singleton";
import type { ApiKey, AuditEvent, User } from "./generated/sqlite/client";
import { db } from "./index";
import { driverOf, pgQuery, timestamp, type SqliteDriver } from "./raw";

export type UserRef = Pick<User, "id" | "guid" | "username" | "locked">;
export type NewApiKey = Omit<ApiKey, "id" | "activeTime" | "revokedAt">;
/** An audit event row; the exchange's key, if any, is linked by insertKeyWithAudit. */
export type NewAuditEvent = Omit<AuditEvent, "id" | "apiKeyId">;

/** The user an ID token maps to, by its external id. */
export async function findUserByExternalId(externalId: string): Promise<UserRef | null> {
  const { sqlite } = driverOf(db);
  if (sqlite) {
    const row = sqlite.prepare(SELECT_USER).get(externalId) as UserRow | undefined;
    return row ? toUserRef(row) : null;
  }
  return usersByExternalId().load(externalId);
}

/** Writes a key and the audit event of its minting, both or neither; resolves once durable. */
export async function insertKeyWithAudit(key: NewApiKey, audit: NewAuditEvent): Promise<void> {
  await writes().load({ key, audit });
}

/** Writes an audit event of the exchange (a refused one); resolves once durable. */
export async function insertAuditEvent(audit: NewAuditEvent): Promise<void> {
  await writes().load({ audit });
}

type Write = { key?: NewApiKey; audit: NewAuditEvent };
type PgType = "text" | "int" | "timestamp";

// Every column of a new row, with its PostgreSQL type (`satisfies` keeps the lists in step with the schema).
const KEY_COLUMNS = {
  lookupId: "text",
  keyHash: "text",
  userId: "int",
  name: "text",
  createdTime: "timestamp",
  expiresAt: "timestamp",
  integrationId: "int",
  tokenIss: "text",
  tokenSub: "text",
  tokenJti: "text",
  maxRole: "text",
} as const satisfies Record<keyof NewApiKey, PgType>;
const AUDIT_COLUMNS = {
  time: "timestamp",
  actorUserId: "int",
  actorIp: "text",
  action: "text",
  outcome: "text",
  reason: "text",
  integrationId: "int",
  iss: "text",
  matchValue: "text",
  jti: "text",
  kid: "text",
  userId: "int",
  details: "text",
} as const satisfies Record<keyof NewAuditEvent, PgType>;

const keyColumns = Object.keys(KEY_COLUMNS) as (keyof NewApiKey)[];
const auditColumns = Object.keys(AUDIT_COLUMNS) as (keyof NewAuditEvent)[];
const quoted = (columns: string[]) => columns.map((c) => `"${c}"`).join(", ");
const marks = (n: number) => Array(n).fill("?").join(", ");

type UserRow = { externalId?: string; id: number; guid: string; username: string; locked: unknown };
const toUserRef = (r: UserRow): UserRef => ({ id: Number(r.id), guid: r.guid, username: r.username, locked: Boolean(r.locked) });

// SQLite: one statement per row, on a synchronous connection; no round trips to save.
const SELECT_USER = `SELECT "id", "guid", "username", "locked" FROM "User" WHERE "externalId" = ?`;
const INSERT_KEY = `INSERT INTO "ApiKey" (${quoted(keyColumns)}) VALUES (${marks(keyColumns.length)})`;
const INSERT_AUDIT = `INSERT INTO "AuditEvent" (${quoted(auditColumns)}, "apiKeyId") VALUES (${marks(auditColumns.length)}, ?)`;

// PostgreSQL: one statement for a batch of any size, its rows as arrays. An
// audit event names its key by the key's lookupId, and takes the new key's id from it.
const SELECT_USERS = `SELECT "externalId", "id", "guid", "username", "locked" FROM "User" WHERE "externalId" = ANY($1::text[])`;
const arrays = (types: PgType[], from: number) => types.map((t, i) => `$${from + i}::${t}[]`).join(", ");
const INSERT_BATCH = `WITH "key" AS (
  INSERT INTO "ApiKey" (${quoted(keyColumns)})
  SELECT * FROM unnest(${arrays(Object.values(KEY_COLUMNS), 1)})
  RETURNING "id", "lookupId"
)
INSERT INTO "AuditEvent" (${quoted(auditColumns)}, "apiKeyId")
SELECT ${auditColumns.map((c) => `e."${c}"`).join(", ")}, "key"."id"
FROM unnest(${arrays([...Object.values(AUDIT_COLUMNS), "text"], keyColumns.length + 1)})
  WITH ORDINALITY AS e(${quoted(auditColumns)}, "keyLookupId", "n")
LEFT JOIN "key" ON "key"."lookupId" = e."keyLookupId"
ORDER BY e."n"`;

/** Hands a turn's calls over together once the turn's I/O callbacks have run. */
const nextTurn = (run: () => void) => void setImmediate(run);

const usersByExternalId = () =>
  processSingleton("db.users-by-external-id", () => new DataLoader(lookUpUsers, { cache: false, batchScheduleFn: nextTurn }));

const writes = () => processSingleton("db.exchange-writes", () => new DataLoader(commit, { cache: false, batchScheduleFn: nextTurn }));

async function lookUpUsers(externalIds: readonly string[]): Promise<(UserRef | null)[]> {
  const pool = driverOf(db).pool!;
  const { rows } = await pool.query<UserRow>(pgQuery(SELECT_USERS, [externalIds]));
  const byExternalId = new Map(rows.map((r) => [r.externalId, toUserRef(r)]));
  return externalIds.map((id) => byExternalId.get(id) ?? null);
}

async function commit(batch: readonly Write[]): Promise<(true | Error)[]> {
  const { sqlite, pool } = driverOf(db);
  return sqlite ? commitOnSqlite(sqlite, batch) : commitOnPostgres(pool, batch);
}

const asError = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));

async function commitOnSqlite(driver: SqliteDriver, batch: readonly Write[]): Promise<(true | Error)[]> {
  await driver.writable();
  const param = (v: unknown) => (v instanceof Date ? timestamp(v) : v);
  const [insertKey, insertAudit] = [driver.prepare(INSERT_KEY), driver.prepare(INSERT_AUDIT)];
  const [savepoint, release, rollback] = ["SAVEPOINT w", "RELEASE w", "ROLLBACK TO w"].map((s) => driver.prepare(s));
  const results: (true | Error)[] = [];
  try {
    driver.conn.transaction(() => {
      for (const { key, audit } of batch) {
        // Each write in a savepoint of its own: a failing one is rolled back alone.
        savepoint.run();
        try {
          const keyId = key ? Number(insertKey.run(...keyColumns.map((c) => param(key[c]))).lastInsertRowid) : null;
          insertAudit.run(...auditColumns.map((c) => param(audit[c])), keyId);
          results.push(true);
        } catch (err) {
          rollback.run();
          results.push(asError(err));
        }
        release.run();
      }
    })();
  } catch (err) {
    // The commit itself failed: nothing was written.
    return batch.map(() => asError(err));
  }
  return results;
}

async function commitOnPostgres(pool: pg.Pool, batch: readonly Write[]): Promise<(true | Error)[]> {
  const param = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  const keyed = batch.filter((w) => w.key).map((w) => w.key!);
  const values = [
    ...keyColumns.map((c) => keyed.map((k) => param(k[c]))),
    ...auditColumns.map((c) => batch.map((w) => param(w.audit[c]))),
    batch.map((w) => w.key?.lookupId ?? null),
  ];
  try {
    await pool.query(pgQuery(INSERT_BATCH, values));
    return batch.map(() => true);
  } catch (err) {
    if (batch.length === 1 || !refusedForData(err)) return batch.map(() => asError(err));
    // The server refused the statement, so none of it was written. Find the bad write.
    return (await Promise.all(batch.map((w) => commitOnPostgres(pool, [w])))).flat();
  }
}

/**
 * Whether PostgreSQL refused the statement for what a write holds (SQLSTATE
 * classes 22 and 23: a bad value, a constraint). Then writing each alone finds it.
 * Not after a lost connection or a server in trouble: the statement may even have
 * committed, and retries would only add load.
 */
function refusedForData(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && /^(22|23)/.test(code);
}
