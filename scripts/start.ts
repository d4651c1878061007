// `npm start`: validate configuration, build when the build is missing or older
// than the sources, then run the production server (scripts/server.ts; it migrates the
// database at start).
import { spawn } from "node:child_process";
import path from "node:path";
import { loadConfig } from "../lib/config/load";
import { ensureFreshBuild } from "./build";

const root = path.resolve(import.meta.dirname, "..");
try {
  const c = loadConfig(process.env);
  console.log(`Database: ${c.provider === "sqlite" ? c.databaseUrl : "PostgreSQL"}`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

ensureFreshBuild(root);

const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "server.ts")], {
  cwd: root,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
