// Rows the API can no longer create but an older version stored, written
// straight into this worker's e2e server's SQLite file (e2e/support/servers.ts).
import { randomUUID } from "node:crypto";
import path from "node:path";
import { test } from "@playwright/test";
import Database from "better-sqlite3";
import { serverOf } from "./servers";

/** An enabled Workbench integration, inserted as an earlier version would have; returns its guid. */
export function storeIntegration(name: string, config: { issuer: string; client_id: string; allow_private_issuer?: boolean }): string {
  const db = new Database(path.join(serverOf(test.info()).dataDir, "federation.db"), { timeout: 5000 });
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
