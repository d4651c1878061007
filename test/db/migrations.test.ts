import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, migrationsDir, readMigrations } from "@/lib/db/migrate";
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
    expect(await describeSchema(migrated.db)).toEqual(await describeSchema(fromModels.db));
  });
});
