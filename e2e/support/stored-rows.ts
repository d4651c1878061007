// Rows the API can no longer create but an older version stored, written
// straight into the e2e server's SQLite file (playwright.config.ts puts it in E2E_DATA_DIR).
import { randomUUID } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";

/** An enabled Workbench integration, inserted as an earlier version would have; returns its guid. */
export function storeIntegration(name: string, config: { issuer: string; client_id: string; allow_private_issuer?: boolean }): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set: run through playwright.config.ts");
  const db = new Database(path.join(dir, "federation.db"), { timeout: 5000 });
  try {
    const guid = randomUUID();
    // Prisma's DateTime format on SQLite (lib/db/statement.ts timestamp()).
    const now = new Date().toISOString().replace("Z", "+00:00");
    db.prepare(
      `INSERT INTO "Integration" ("guid", "name", "description", "template", "authType", "config", "enabled", "createdTime", "updatedTime")
       VALUES (?, ?, '', 'posit-workbench-federation', 'Identity Federation', ?, 1, ?, ?)`,
    ).run(guid, name, JSON.stringify({ match_claim: "sub", ...config }), now, now);
    return guid;
  } finally {
    db.close();
  }
}
