// Writes one Prisma schema per provider from prisma/models.prisma.
// `--check` exits non-zero when a written schema differs from what it would write.
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
  process.exit(stale ? 1 : 0);
}
