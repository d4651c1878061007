// The one-time setup code (as Jenkins's initial admin password): until the first
// administrator exists, creating one needs a code only someone who can read the
// server's console or data directory knows. Its hash is kept in the database so
// every instance sharing it accepts the code any of them printed.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { db, type Db } from "@/lib/db";
import { config } from "@/lib/config/env";
import { ensurePrivateDir } from "@/lib/config/load";
import { log } from "@/lib/log";

const SETTING_PREFIX = "Setup.Code.";
// No 0/O or 1/I: the code is read off a console and typed.
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

type Tx = Pick<Db, "setting">;

/** Where this instance keeps the code it printed: DATA_DIR/setup-code, mode 0600. */
export const setupCodeFile = () => path.join(config().dataDir, "setup-code");

/** The code as typed, in one spelling: case, spaces and dashes do not matter. */
const canonical = (code: string) => code.toUpperCase().replace(/[\s-]/g, "");
const settingName = (code: string) => SETTING_PREFIX + createHash("sha256").update(canonical(code)).digest("hex");

function newCode(): string {
  // 32 symbols: each byte maps without bias; 16 symbols are 80 bits.
  const symbols = [...randomBytes(16)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  return symbols.match(/.{4}/g)!.join("-");
}

function readCodeFile(): string | undefined {
  try {
    return readFileSync(setupCodeFile(), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** This instance's code, written to the data directory the first time (kept across restarts). */
function localCode(): string {
  const existing = readCodeFile();
  if (existing) return existing;
  ensurePrivateDir(config().dataDir);
  const code = newCode();
  try {
    writeFileSync(setupCodeFile(), `${code}\n`, { mode: 0o600, flag: "wx" });
    return code;
  } catch {
    return readCodeFile() ?? code; // another process of this instance wrote it first
  }
}

/**
 * At server start: while no user exists, makes sure this instance has a setup code,
 * records its hash and prints it. Once set up, removes a code file left behind.
 */
export async function prepareSetupCode(setupRequired: boolean): Promise<string | undefined> {
  if (!setupRequired) {
    rmSync(setupCodeFile(), { force: true });
    return undefined;
  }
  const code = localCode();
  const name = settingName(code);
  await db.setting.upsert({ where: { name }, create: { name, value: JSON.stringify(new Date()) }, update: {} });
  log.warn(`Setup required: open /setup and enter the setup code ${code} (also in ${setupCodeFile()})`, {
    setup_code_file: setupCodeFile(),
  });
  return code;
}

/** Whether `code` is one that an instance printed and setup has not used yet. */
export async function setupCodeAccepted(tx: Tx, code: string): Promise<boolean> {
  if (!canonical(code)) return false;
  return (await tx.setting.count({ where: { name: settingName(code) } })) > 0;
}

/** Setup succeeded: no code works any more, on any instance. */
export async function forgetSetupCodes(tx: Tx): Promise<void> {
  await tx.setting.deleteMany({ where: { name: { startsWith: SETTING_PREFIX } } });
}

/** Removes this instance's code file once setup is complete. */
export function removeSetupCodeFile(): void {
  rmSync(setupCodeFile(), { force: true });
}
