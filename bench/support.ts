// Plumbing both benchmarks share: a fresh PostgreSQL database, the CLI, and
// the server as `npm start` runs it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import pg from "pg";

export const root = path.resolve(import.meta.dirname, "..");

export async function waitFor(url: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

/** Runs `npm run cli -- …` with this environment; returns its last line of output. */
export function cli(env: NodeJS.ProcessEnv, args: string[]): string {
  const r = spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/cli.ts", ...args], { cwd: root, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cli ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trimEnd().split("\n").at(-1)!;
}

/** A new database on the server of `url` (dropped by `drop`, connections and all). */
export async function freshPostgres(url: string, label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `fed_${label}_${Date.now()}`;
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const q = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin.toString() });
    c.on("error", (err) => console.error(`  admin connection: ${err.message}`));
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await q(`CREATE DATABASE "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return { url: target.toString(), drop: () => q(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** The server as `npm start` runs it (scripts/server.ts: Node's HTTP server in front of Next), on the build. */
export function startServer(env: NodeJS.ProcessEnv, nodeFlags: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, "--import", "tsx", path.join(root, "scripts", "server.ts")], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** Stops a server started by startServer and waits for it (SIGINT: it exits cleanly, which is when V8 writes a CPU profile). */
export async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGINT");
  await exited;
}
