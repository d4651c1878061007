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
    expect(key).toMatch(/^fedk_[A-Za-z0-9_-]{55}$/);
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
    const set = await cli(["settings", "set", "Federation.MaxKeyLifetime", "3600"]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("Federation.MaxKeyLifetime = 3600");
    const row = await db.setting.findUnique({ where: { name: "Federation.MaxKeyLifetime" } });
    expect(row?.value).toBe("3600");
  });

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
    const missing = await cli(["keys", "create", "--username", unique("ghost")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/not found/);
  });
});
