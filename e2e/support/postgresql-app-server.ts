// The e2e run's app server on PostgreSQL (e2e/support/servers.ts): creates the run's
// empty database, runs the production server on it (which migrates it), and drops the
// database once the server has stopped, when Playwright ends the run with SIGTERM.
import { spawn } from "node:child_process";
import path from "node:path";
import { createPgDatabase } from "../../test/support/pg-database";

const root = path.resolve(import.meta.dirname, "../..");
const drop = await createPgDatabase(process.env.DATABASE_URL!);
const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "server.ts")], { cwd: root, stdio: "inherit" });

server.on("exit", (code) => {
  void drop().then(
    () => process.exit(code ?? 0),
    (err) => {
      console.error(`could not drop the e2e database: ${err}`);
      process.exit(1);
    },
  );
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
