// `npm start`: validate configuration, build when the build is missing or older
// than the sources, then run the production server (it migrates the database at start).
import { spawnSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../lib/config/load";

const root = path.resolve(import.meta.dirname, "..");
const SOURCES = ["app", "lib", "components", "public", "prisma", "next.config.ts", "package-lock.json", "instrumentation.ts"];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(p)) {
    if (entry === "generated" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

try {
  const c = loadConfig(process.env);
  console.log(`Database: ${c.provider === "sqlite" ? c.databaseUrl : "PostgreSQL"}`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const buildId = path.join(root, ".next", "BUILD_ID");
const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
if (builtAt < sourcesAt) {
  console.log(builtAt ? "Sources changed since the last build; building…" : "No production build yet; building…");
  const build = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = process.env.PORT ?? "3000";
const server = spawn("npx", ["next", "start", "-p", port], {
  cwd: root,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
