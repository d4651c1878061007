// `npm start`: read .env, validate configuration, build when the build is missing
// or older than the sources, then run the production server (scripts/server.ts; it
// migrates the database at start). `npm start -- --print-config` stops after printing.
import { spawn } from "node:child_process";
import path from "node:path";
import { loadConfig } from "../lib/config/load";
import { ensureFreshBuild } from "./build";
import { loadDotEnv } from "./env-file";

const root = path.resolve(import.meta.dirname, "..");
const envFile = loadDotEnv(root);
// Next's notice about anonymous telemetry is noise for an operator; opt in by setting it to 0.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const port = process.env.PORT || "3000";
try {
  const c = loadConfig(process.env);
  console.log(`Configuration: ${envFile ?? "environment only (no .env)"}`);
  console.log(`Database: ${c.provider === "sqlite" ? c.databaseUrl : "PostgreSQL"}`);
  console.log(`Listening on: http://localhost:${port}${c.publicUrl ? ` (public URL ${c.publicUrl})` : ""}`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
if (process.argv.includes("--print-config")) process.exit(0);

ensureFreshBuild(root);

const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "server.ts")], {
  cwd: root,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
