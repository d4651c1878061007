import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { migrate, migrationsDir, readMigrations } from "@/lib/db/migrate";
import { EXPRESSION_INDEXES } from "@/lib/db/user-search";
import { describeSchema, freshDatabase, provider } from "../support/databases";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function fresh() {
  const d = await freshDatabase();
  cleanups.push(d.drop);
  return d;
}

describe(`migrations on ${provider}`, () => {
  it("bring a fresh database to the current schema, and a second run applies nothing", async () => {
    const { db } = await fresh();
    const all = readMigrations(provider).map((m) => m.name);
    expect(await migrate(db, provider)).toEqual(all);
    expect(await migrate(db, provider)).toEqual([]);
    const user = await db.user.create({ data: { guid: "g-1", username: "first" } });
    expect(user.userRole).toBe("viewer");
  });

  it("are applied once when two instances start together", async () => {
    const a = await fresh();
    // Two processes, as two servers would be (SQLite's lock waits block a whole process).
    const run = () =>
      new Promise<string>((resolve, reject) =>
        execFile(
          "npx",
          ["tsx", "--conditions=react-server", "scripts/cli.ts", "migrate"],
          { env: { ...process.env, DATABASE_URL: a.url, LOG_LEVEL: "info" } },
          (err, stdout) => (err ? reject(err) : resolve(stdout)),
        ),
      );
    const outputs = await Promise.all([run(), run()]);
    const applied = outputs.join("\n").match(/migrations applied/g) ?? [];
    expect(applied).toHaveLength(1);
    const rows = await a.db.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM "_app_migrations"`);
    expect(rows).toHaveLength(readMigrations(provider).length);
  });

  it("give integrations and federated keys made before max_role existed the publisher cap", async () => {
    const { db } = await fresh();
    // Only the first migration, as a server of that version would have applied it.
    const init = readMigrations(provider)[0].name;
    const root = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync(path.join(migrationsDir(provider), init), path.join(migrationsDir(provider, root), init), { recursive: true });
    expect(await migrate(db, provider, root)).toEqual([init]);
    const config = { issuer: "https://idp.example.com", client_id: "w", match_claim: "sub", allow_private_issuer: false };
    const now = new Date().toISOString();
    await db.$executeRawUnsafe(
      `INSERT INTO "Integration" ("guid", "name", "template", "config", "updatedTime") VALUES ('i-1', 'old', 'posit-workbench-federation', '${JSON.stringify(config)}', '${now}')`,
    );
    await db.$executeRawUnsafe(`INSERT INTO "User" ("guid", "username", "updatedTime") VALUES ('u-1', 'old-user', '${now}')`);
    await db.$executeRawUnsafe(
      `INSERT INTO "ApiKey" ("lookupId", "keyHash", "userId", "name", "integrationId", "tokenIss") VALUES ('fed', 'h', 1, 'federated', 1, 'https://idp.example.com')`,
    );
    await db.$executeRawUnsafe(`INSERT INTO "ApiKey" ("lookupId", "keyHash", "userId", "name") VALUES ('own', 'h', 1, 'own')`);

    await migrate(db, provider);
    const integration = await db.integration.findUniqueOrThrow({ where: { guid: "i-1" } });
    expect(JSON.parse(integration.config)).toEqual({ ...config, max_role: "publisher" });
    expect((await db.apiKey.findUniqueOrThrow({ where: { lookupId: "fed" } })).maxRole).toBe("publisher");
    expect((await db.apiKey.findUniqueOrThrow({ where: { lookupId: "own" } })).maxRole).toBeNull();
  });

  it("move stored bundle files' bytes into chunks, byte for byte", async () => {
    const { db } = await fresh();
    const root = mkdtempSync(path.join(tmpdir(), "fed-migrations-"));
    const before = readMigrations(provider).filter((m) => m.name < "20261129040000");
    for (const m of before) cpSync(path.join(migrationsDir(provider), m.name), path.join(migrationsDir(provider, root), m.name), { recursive: true });
    await migrate(db, provider, root);
    const now = new Date().toISOString();
    await db.$executeRawUnsafe(`INSERT INTO "User" ("guid", "username", "updatedTime") VALUES ('u-1', 'owner', '${now}')`);
    await db.$executeRawUnsafe(`INSERT INTO "Content" ("guid", "name", "ownerId", "updatedTime") VALUES ('c-1', 'site', 1, '${now}')`);
    await db.$executeRawUnsafe(`INSERT INTO "Bundle" ("contentId", "size", "manifest") VALUES (1, 10, '{}')`);
    const bytes = provider === "sqlite" ? `X'68656c6c6f'` : `'\\x68656c6c6f'::bytea`;
    await db.$executeRawUnsafe(`INSERT INTO "BundleFile" ("bundleId", "path", "size", "data") VALUES (1, 'index.html', 5, ${bytes})`);
    await db.$executeRawUnsafe(`INSERT INTO "BundleFile" ("bundleId", "path", "size", "data") VALUES (1, 'empty.txt', 0, ${provider === "sqlite" ? "X''" : "''::bytea"})`);

    await migrate(db, provider);
    const files = await db.bundleFile.findMany({ include: { chunks: true }, orderBy: { id: "asc" } });
    expect(files.map((f) => [f.path, f.size, f.chunks.map((c) => [c.seq, Buffer.from(c.data).toString()])])).toEqual([
      ["index.html", 5, [[0, "hello"]]],
      ["empty.txt", 0, []],
    ]);
    expect((await db.bundle.findFirstOrThrow()).ready).toBe(true);
  });

  it("refuse to run when an applied migration was edited", async () => {
    const { db } = await fresh();
    await migrate(db, provider);
    await db.$executeRawUnsafe(`UPDATE "_app_migrations" SET "checksum" = 'edited'`);
    await expect(migrate(db, provider)).rejects.toThrow(/changed after it was applied/);
  });
});

describe("schema drift", () => {
  it("both providers' schemas are generated from prisma/models.prisma", () => {
    execFileSync("npx", ["tsx", "scripts/db-schemas.ts", "--check"], { stdio: "pipe" });
  });

  it(`the ${provider} migrations produce exactly the schema the models describe`, async () => {
    const migrated = await fresh();
    await migrate(migrated.db, provider);
    const fromModels = await fresh();
    const sql = execFileSync(
      "npx",
      ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", `prisma/${provider}/schema.prisma`, "--script"],
      { env: { ...process.env, DATABASE_URL: fromModels.url }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    for (const statement of sql.split(/;\s*\n/).map((s) => s.replace(/^\s*--.*$/gm, "").trim()).filter(Boolean)) {
      await fromModels.db.$executeRawUnsafe(statement);
    }
    // Beyond the models, exactly the indexes on expressions the migrations declare (Prisma cannot).
    const declared = (line: string) => EXPRESSION_INDEXES.some((name) => line.startsWith(`index ${name}:`) || line.includes(`INDEX "${name}" ON`));
    const schema = await describeSchema(migrated.db);
    expect(schema.filter(declared)).toHaveLength(EXPRESSION_INDEXES.length);
    expect(schema.filter((line) => !declared(line))).toEqual(await describeSchema(fromModels.db));
  });
});

// The fixtures were written by Prisma for the schema of this migration; the tests
// build that schema, fill it with plain SQL, then run a fixture on it, so later
// changes to the models never make the fixtures stale.
const FIXTURE_BASE = "20261128000000_init";

/** A migrations folder: the real migrations up to FIXTURE_BASE, then the named fixtures (test/fixtures/migrations). */
function migrationsWith(...fixtures: string[]): string {
  const root = mkdtempSync(path.join(tmpdir(), "fed-migrations-"));
  const target = migrationsDir(provider, root);
  for (const m of readMigrations(provider).filter((m) => m.name <= FIXTURE_BASE)) {
    cpSync(path.join(migrationsDir(provider), m.name), path.join(target, m.name), { recursive: true });
  }
  for (const name of fixtures) {
    cpSync(path.join("test/fixtures/migrations", provider, name), path.join(target, name), { recursive: true });
  }
  return root;
}

/** A database at FIXTURE_BASE with users and API keys (one federated each), content with a bundle and its files, audit events, a setting and a task. */
async function populated() {
  const { db } = await fresh();
  await migrate(db, provider, migrationsWith());
  const time = provider === "sqlite" ? "'2026-01-01T00:00:00.000+00:00'" : "'2026-01-01 00:00:00'";
  const bytes = provider === "sqlite" ? "X'686921'" : "'\\x686921'::bytea";
  const sql = [
    `INSERT INTO "Integration" ("id", "guid", "name", "template", "config", "updatedTime") VALUES (1, 'i-1', 'Workbench', 'posit-workbench', '{}', ${time})`,
    ...[1, 2, 3].flatMap((i) => [
      `INSERT INTO "User" ("id", "guid", "username", "email", "confirmed", "updatedTime")
        VALUES (${i}, 'g-${i}', 'user-${i}', 'u${i}@example.com', ${i === 3 ? "false" : "true"}, ${time})`,
      `INSERT INTO "ApiKey" ("lookupId", "keyHash", "userId", "name") VALUES ('l-${i}', 'h', ${i}, 'cli')`,
      `INSERT INTO "ApiKey" ("lookupId", "keyHash", "userId", "name", "integrationId", "tokenIss") VALUES ('f-${i}', 'h', ${i}, 'federated', 1, 'https://idp')`,
      `INSERT INTO "Content" ("id", "guid", "name", "ownerId", "updatedTime") VALUES (${i}, 'c-${i}', 'site-${i}', ${i}, ${time})`,
      `INSERT INTO "Bundle" ("id", "contentId", "size", "manifest") VALUES (${i}, ${i}, 3, '{}')`,
      `INSERT INTO "BundleFile" ("bundleId", "path", "size", "data") VALUES (${i}, 'index.html', 3, ${bytes})`,
      `UPDATE "Content" SET "activeBundleId" = ${i} WHERE "id" = ${i}`,
      `INSERT INTO "AuditEvent" ("action", "outcome", "integrationId", "userId") VALUES ('federation.exchange', 'success', 1, ${i})`,
    ]),
    `INSERT INTO "Setting" ("name", "value", "updatedTime") VALUES ('Federation.MaxKeyLifetime', '1800', ${time})`,
    `INSERT INTO "Task" ("id", "userId", "kind", "updatedTime") VALUES ('t-1', 1, 'deploy', ${time})`,
  ];
  for (const statement of sql) await db.$executeRawUnsafe(statement);
  return db;
}

const TABLES = ["User", "ApiKey", "Integration", "Content", "Bundle", "BundleFile", "AuditEvent", "Setting", "Task", "_app_migrations"];

/** Every row of every table, in key order. */
async function rows(db: Db, tables = TABLES) {
  const all: Record<string, unknown[]> = {};
  for (const t of tables) all[t] = await db.$queryRawUnsafe(`SELECT * FROM "${t}" ORDER BY 1`);
  return all;
}

async function foreignKeysOn(db: Db): Promise<boolean> {
  const [row] = await db.$queryRawUnsafe<{ foreign_keys: number | bigint }[]>("PRAGMA foreign_keys");
  return Number(row.foreign_keys) === 1;
}

describe(`a migration on a populated ${provider} database`, () => {
  it("that changes User and Integration (Prisma's script: a table rebuild on SQLite) keeps every child row", async () => {
    const db = await populated();
    const before = await rows(db);

    const fixture = "29990101000000_rebuild_user_and_integration";
    expect(await migrate(db, provider, migrationsWith(fixture))).toEqual([fixture]);

    const after = await rows(db);
    for (const table of ["ApiKey", "Content", "Bundle", "BundleFile", "AuditEvent", "Setting", "Task"]) {
      expect(after[table], table).toEqual(before[table]);
    }
    expect(after.User).toEqual(before.User);
    expect(after.Integration).toEqual(before.Integration);
    // The change itself took: email may now be empty.
    await db.$executeRawUnsafe(`UPDATE "User" SET "email" = NULL WHERE "guid" = 'g-1'`);
    if (provider === "sqlite") {
      expect(await foreignKeysOn(db)).toBe(true);
      // And references are enforced again: deleting a user takes its keys with it.
      await db.$executeRawUnsafe(`DELETE FROM "User" WHERE "guid" = 'g-1'`);
      expect(await db.$queryRawUnsafe(`SELECT "lookupId" FROM "ApiKey" ORDER BY 1`)).toHaveLength(4);
    }
  });

  it("that would leave rows pointing at missing users fails and leaves the database as it was", async () => {
    const db = await populated();
    const schema = await describeSchema(db);
    const before = await rows(db);

    const fixture = "29990102000000_orphan_api_keys";
    await expect(migrate(db, provider, migrationsWith(fixture))).rejects.toThrow(
      provider === "sqlite" ? /29990102000000_orphan_api_keys.*"ApiKey" → "User" \(2 rows\)/ : /ApiKey_userId_fkey/,
    );

    expect(await describeSchema(db)).toEqual(schema);
    expect(await rows(db)).toEqual(before);
    if (provider === "sqlite") expect(await foreignKeysOn(db)).toBe(true);
    // The runner still works afterwards: the good fixture applies.
    expect(await migrate(db, provider, migrationsWith("29990101000000_rebuild_user_and_integration"))).toHaveLength(1);
  });
});
