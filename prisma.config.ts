// Prisma CLI configuration. The provider follows DATABASE_URL, like the server:
// a postgres URL selects prisma/postgresql, anything else prisma/sqlite.
// The JS schema engine (driver adapters) keeps the CLI working offline.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.DATABASE_URL ?? "file:./data/federation.db";
const provider = /^postgres(ql)?:/.test(url) ? "postgresql" : "sqlite";
process.env.DATABASE_URL = url;

export default defineConfig({
  schema: path.join("prisma", provider, "schema.prisma"),
  migrations: { path: path.join("prisma", provider, "migrations") },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () =>
    provider === "postgresql"
      ? new PrismaPg({ connectionString: url })
      : new PrismaBetterSQLite3({ url }),
});
