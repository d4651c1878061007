// Unit and integration tests. Always against a fresh SQLite file; also against
// PostgreSQL when TEST_DATABASE_URL names a server (a fresh database is created on it).
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const root = import.meta.dirname;
const runId = `${Date.now()}-${process.pid}`;
const dataDir = path.join(tmpdir(), `fed-test-${runId}`);

function project(name: string, databaseUrl: string): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name,
      include: ["test/**/*.test.ts", "lib/**/*.test.ts"],
      globalSetup: ["test/support/global-setup.ts"],
      env: {
        DATABASE_URL: databaseUrl,
        DATA_DIR: path.join(dataDir, name),
        AUTH_SECRET: "test-secret-0123456789-0123456789-abcdef",
        LOG_LEVEL: "silent",
      },
    },
  };
}

const pg = process.env.TEST_DATABASE_URL;
const pgUrl = pg ? pg.replace(/\/[^/?]*(\?|$)/, `/fed_test_${runId.replace("-", "_")}$1`) : undefined;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "test/support/server-only.ts"),
    },
  },
  test: {
    environment: "node",
    // Files share one database and its global settings (e.g. the federation flag): run them one at a time.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      project("sqlite", `file:${path.join(dataDir, "sqlite", "test.db")}`),
      ...(pgUrl ? [project("postgresql", pgUrl)] : []),
    ],
  },
});
