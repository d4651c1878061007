// Writes one Prisma schema per provider from prisma/models.prisma.
// `--check` exits non-zero when a written schema differs from what it would write;
// `--generate` then generates both Prisma clients.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import path from "node:path";

export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

const root = path.resolve(import.meta.dirname, "..");

export function renderSchema(provider: Provider): string {
  const models = readFileSync(path.join(root, "prisma/models.prisma"), "utf8");
  return `// GENERATED from prisma/models.prisma by scripts/db-schemas.ts. Do not edit.

generator client {
  provider     = "prisma-client"
  output       = "../../lib/db/generated/${provider}"
  engineType   = "client"
  moduleFormat = "esm"
}

datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

${models}`;
}

export function schemaPath(provider: Provider): string {
  return path.join(root, "prisma", provider, "schema.prisma");
}

if (process.argv[1] === import.meta.filename) {
  const check = process.argv.includes("--check");
  let stale = false;
  for (const provider of PROVIDERS) {
    const file = schemaPath(provider);
    const wanted = renderSchema(provider);
    const current = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (current === wanted) continue;
    if (check) {
      console.error(`${path.relative(root, file)} is out of date: run npm run db:schemas`);
      stale = true;
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, wanted);
      console.log(`wrote ${path.relative(root, file)}`);
    }
  }
  if (!stale && process.argv.includes("--generate")) {
    for (const provider of PROVIDERS) {
      // prisma.config.ts picks its driver adapter from DATABASE_URL; generate never connects.
      const placeholder = provider === "postgresql" ? "postgresql://generate@localhost/generate" : "file:./generate.db";
      const r = spawnSync("npx", ["prisma", "generate", "--schema", schemaPath(provider)], {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, DATABASE_URL: placeholder },
      });
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
  }
  process.exit(stale ? 1 : 0);
}
