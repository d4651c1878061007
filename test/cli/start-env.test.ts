// `npm start` on a fresh clone reads .env once, for everything it prints and starts:
// the port, the data directory and the database path.
import { execFileSync } from "node:child_process";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function freshClone(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "fed-clone-")), "clone");
  execFileSync("git", ["clone", "-q", "--depth", "1", `file://${root}`, dir]);
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

const printConfig = (cwd: string, env: Record<string, string> = {}) =>
  execFileSync("npx", ["tsx", "scripts/start.ts", "--print-config"], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? cwd, ...env } as unknown as NodeJS.ProcessEnv,
  });

describe("npm start and .env", () => {
  it("takes PORT and DATA_DIR from .env for the server and the banner alike; the environment still wins", () => {
    const clone = freshClone();
    const dataDir = path.join(clone, "elsewhere");
    writeFileSync(path.join(clone, ".env"), `PORT=3999\nDATA_DIR=${dataDir}\n`);
    const out = printConfig(clone);
    expect(out).toContain(`Configuration: ${path.join(clone, ".env")}`);
    expect(out).toContain(`Database: file:${path.join(dataDir, "federation.db")}`);
    expect(out).toContain("Listening on: http://localhost:3999");
    expect(printConfig(clone, { PORT: "4001" })).toContain("Listening on: http://localhost:4001");
  });

  it("without .env uses the defaults, and names a bad variable", () => {
    const clone = freshClone();
    expect(printConfig(clone)).toContain(`Database: file:${path.join(clone, "data", "federation.db")}`);
    writeFileSync(path.join(clone, ".env"), "BUNDLE_MAX_BYTES=lots\n");
    expect(() => printConfig(clone)).toThrow(/BUNDLE_MAX_BYTES/);
  });
});
