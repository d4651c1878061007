import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as me from "@/app/%5F_api__/v1/user/route";
import { call, unique } from "../support/fixtures";

function cli(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile("npx", ["tsx", "--conditions=react-server", "scripts/cli.ts", ...args], (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input ?? "");
  });
}

const lastLine = (s: string) => s.trimEnd().split("\n").at(-1)!;

describe("operator CLI", () => {
  it("creates an administrator whose printed key works on GET /__api__/v1/user", async () => {
    const username = unique("ops");
    const res = await cli(["users", "create", "--username", username, "--role", "administrator", "--external-id", unique("sub"), "--api-key"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const key = lastLine(res.stdout);
    expect(key).toMatch(/^apik_[A-Za-z0-9_-]{55}$/);
    const who = await call(me.GET, { key });
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ username, user_role: "administrator" });
  });

  it("creates keys for an existing user and sets settings", async () => {
    const username = unique("ops");
    expect((await cli(["users", "create", "--username", username, "--role", "publisher"])).code).toBe(0);
    const keyRun = await cli(["keys", "create", "--username", username]);
    expect(keyRun.code).toBe(0);
    expect((await call(me.GET, { key: lastLine(keyRun.stdout) })).body.username).toBe(username);
    const set = await cli(["settings", "set", "Federation.MaxKeyLifetime", "1800"]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("Federation.MaxKeyLifetime = 1800");
    const row = await db.setting.findUnique({ where: { name: "Federation.MaxKeyLifetime" } });
    expect(row?.value).toBe("1800");
    await db.setting.update({ where: { name: "Federation.MaxKeyLifetime" }, data: { value: "3600" } });
  }, 90_000); // three runs of the CLI, each a fresh process

  it("takes true/false/on/off/1/0 for a switch, and says so in words for anything else", async () => {
    const name = "EarlyAccess.IdentityFederation";
    const before = await db.setting.findUnique({ where: { name } });
    try {
      for (const [word, value] of [["On", "true"], ["0", "false"]]) {
        const run = await cli(["settings", "set", name, word]);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain(`${name} = ${value}`);
      }
      const bad = await cli(["settings", "set", name, "maybe"]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`${name} is a switch: give true or false (or on/off, yes/no, 1/0), not "maybe".`);
      const notNumber = await cli(["settings", "set", "Federation.MaxKeyLifetime", "an hour"]);
      expect(notNumber.stderr).toContain('Federation.MaxKeyLifetime must be a whole number, not "an hour".');
      for (const run of [bad, notNumber]) expect(run.stderr).not.toMatch(/expected|received|invalid input/i);
    } finally {
      if (before) await db.setting.update({ where: { name }, data: { value: before.value } });
      else await db.setting.deleteMany({ where: { name } });
    }
  }, 120_000); // four runs of the CLI, each a fresh process

  it("reads a password from stdin", async () => {
    const username = unique("ops");
    const res = await cli(["users", "create", "--username", username, "--role", "viewer", "--password-stdin"], "correct horse battery\n");
    expect(res.code).toBe(0);
    const { verifyPassword } = await import("@/lib/auth/password");
    const user = await db.user.findUnique({ where: { username } });
    expect(await verifyPassword("correct horse battery", user!.passwordHash)).toBe(true);
  });

  it("explains bad input and exits non-zero", async () => {
    const bad = await cli(["users", "create", "--username", "", "--role", "emperor"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/username|user_role/);
    const unknownSetting = await cli(["settings", "set", "No.Such", "1"]);
    expect(unknownSetting.code).toBe(1);
    expect(unknownSetting.stderr).toContain('There is no setting named "No.Such".');
    const missing = await cli(["keys", "create", "--username", unique("ghost")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/not found/);
  });
});
