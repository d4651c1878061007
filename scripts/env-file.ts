// `.env` in the project root, read once by the scripts (`npm start`, the CLI) the
// way Next.js reads it for the server: variables already set in the environment win.
import { existsSync } from "node:fs";
import path from "node:path";

export function loadDotEnv(root = path.resolve(import.meta.dirname, "..")): string | undefined {
  const file = path.join(root, ".env");
  if (!existsSync(file)) return undefined;
  process.loadEnvFile(file);
  return file;
}
