import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Removes this run's data directory (only one playwright.config.ts made); E2E_KEEP_DATA=1 keeps it. */
export default function globalTeardown() {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir || path.dirname(dir) !== tmpdir() || !path.basename(dir).startsWith("fed-e2e-")) return;
  if (process.env.E2E_KEEP_DATA) console.log(`e2e data kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
