// Finding 7 of issue #12: until the first administrator exists, creating one needs
// the setup code the server printed and saved in its data directory. Runs on a
// database of its own, since the shared test database already has users.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, provider } from "../support/databases";
import { sqliteFile } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

type Fixtures = typeof import("../support/fixtures");
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let dataDir: string;
// Loaded after DATABASE_URL and DATA_DIR point at this file's own database and directory.
let setupRoute: typeof import("@/app/%5F_api__/v1/setup/route");
let code: typeof import("@/lib/setup/code");
let appDb: typeof import("@/lib/db").db;
let call: Fixtures["call"];

const admin = { username: "first-admin", password: "a long enough password", email: "" };
const setup = (body: Record<string, unknown>) => call(setupRoute.POST, { method: "POST", path: "/__api__/v1/setup", body });
const modeOf = (file: string) => statSync(file).mode & 0o777;
const codeRows = () => appDb.setting.count({ where: { name: { startsWith: "Setup.Code." } } });

beforeAll(async () => {
  fresh = await freshDatabase();
  await migrate(fresh.db, provider);
  await fresh.db.$disconnect();
  dataDir = path.join(mkdtempSync(path.join(tmpdir(), "fed-setup-")), "data");
  process.env.DATABASE_URL = fresh.url;
  process.env.DATA_DIR = dataDir;
  setupRoute = await import("@/app/%5F_api__/v1/setup/route");
  code = await import("@/lib/setup/code");
  appDb = (await import("@/lib/db")).db;
  call = (await import("../support/fixtures")).call;
});

afterAll(async () => {
  await appDb?.$disconnect();
  await fresh?.drop();
  rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

describe("first-run setup code", () => {
  let printed: string;
  let fromOtherInstance: string;

  it("the server writes its code to DATA_DIR/setup-code, readable by its user only", async () => {
    printed = (await code.prepareSetupCode(true))!;
    expect(printed).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect(modeOf(code.setupCodeFile())).toBe(0o600);
    expect(modeOf(dataDir)).toBe(0o700);
    // A restart prints the same code.
    expect(await code.prepareSetupCode(true)).toBe(printed);
  });

  it("without the code, or with a wrong one, nobody becomes administrator (403)", async () => {
    const without = await setup(admin);
    expect(without.status).toBe(403);
    expect(without.body.payload.fields).toEqual([{ field: "setup_code", message: "is missing or wrong" }]);
    expect((await setup({ ...admin, setup_code: "AAAA-BBBB-CCCC-DDDD" })).status).toBe(403);
    expect(await appDb.user.count()).toBe(0);
  });

  it("a code another instance on the same database printed works too; then no code works", async () => {
    // Another instance has its own data directory: it makes and records a code of its own.
    rmSync(code.setupCodeFile());
    fromOtherInstance = (await code.prepareSetupCode(true))!;
    expect(fromOtherInstance).not.toBe(printed);
    expect(await codeRows()).toBe(2);

    const res = await setup({ ...admin, setup_code: printed.toLowerCase().replaceAll("-", " ") });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: admin.username, user_role: "administrator" });

    expect(existsSync(code.setupCodeFile())).toBe(false);
    expect(await codeRows()).toBe(0);
    const again = await setup({ ...admin, username: "second-admin", setup_code: fromOtherInstance });
    expect(again.status).toBe(409);
    expect(await appDb.user.count()).toBe(1);
  });

  it("a later start, set up, prints nothing and removes a code file left behind", async () => {
    writeFileSync(code.setupCodeFile(), "LEFT-OVER-CODE-FILE\n");
    expect(await code.prepareSetupCode(false)).toBeUndefined();
    expect(existsSync(code.setupCodeFile())).toBe(false);
  });

  it.runIf(provider === "sqlite")("the SQLite database and its WAL are readable by their user only", () => {
    const file = sqliteFile(fresh.url);
    expect(modeOf(file)).toBe(0o600);
    if (existsSync(`${file}-wal`)) expect(modeOf(`${file}-wal`)).toBe(0o600);
  });
});
