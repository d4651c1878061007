import { db } from "@/lib/db";
import { config } from "@/lib/config/env";
import { conflict } from "@/lib/errors/app-error";
import { processSingleton } from "@/lib/process/singleton";
import { recordAudit, type Actor } from "@/lib/audit/service";
import { sameValue } from "@/lib/audit/changes";
import {
  SETTINGS,
  SETTING_NAMES,
  patchSettingsSchema,
  type PatchSettingsInput,
  type SettingName,
  type SettingValues,
  type SettingView,
} from "./schema";

// Instances sharing a database see each other's changes within this many milliseconds.
const CACHE_MS = 2_000;
// One per process, so a change made through one route bundle is seen at once by the others.
const store = processSingleton("settings.cache", () => ({ latest: undefined as { at: number; views: SettingView[] } | undefined }));

function parseStored(name: SettingName, raw: string): unknown {
  try {
    const parsed = SETTINGS[name].schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function listSettings(): Promise<SettingView[]> {
  const cache = store.latest;
  if (cache && Date.now() - cache.at < CACHE_MS) return cache.views;
  const rows = await db.setting.findMany();
  const stored = new Map(rows.map((r) => [r.name, r.value]));
  const overrides = config().settingOverrides;
  const views = SETTING_NAMES.map((name): SettingView => {
    const def = SETTINGS[name];
    const env = overrides[name];
    const raw = stored.get(name);
    const fromDb = raw === undefined ? undefined : parseStored(name, raw);
    const [value, source] =
      env !== undefined
        ? [env, "environment" as const]
        : fromDb !== undefined
          ? [fromDb, "database" as const]
          : [def.default, "default" as const];
    return {
      name,
      label: def.label,
      description: def.description,
      value: value as SettingView["value"],
      default: def.default,
      source,
      read_only: source === "environment",
    };
  });
  store.latest = { at: Date.now(), views };
  return views;
}

export async function getSettings(): Promise<SettingValues> {
  const views = await listSettings();
  return Object.fromEntries(views.map((v) => [v.name, v.value])) as SettingValues;
}

export async function getSetting<K extends SettingName>(name: K): Promise<SettingValues[K]> {
  return (await getSettings())[name];
}

export async function updateSettings(input: PatchSettingsInput, actor: Actor): Promise<SettingView[]> {
  const patch = patchSettingsSchema.parse(input);
  const overrides = config().settingOverrides;
  for (const name of Object.keys(patch) as SettingName[]) {
    if (overrides[name] !== undefined) {
      throw conflict(`${name} is set by the server's environment and cannot be changed here.`, { field: name });
    }
  }
  // Fresh from the database (another instance may have changed it within the cache's time), so that a
  // value equal to the current one can be told apart: no write, and no audit event.
  store.latest = undefined;
  const before = await getSettings();
  const names = (Object.keys(patch) as SettingName[]).filter((name) => !sameValue(patch[name], before[name]));
  if (names.length === 0) return listSettings();
  const updatedBy = actor === "system" ? null : (actor.userId ?? null);
  await db.$transaction(async (tx) => {
    for (const name of names) {
      const value = JSON.stringify(patch[name]);
      await tx.setting.upsert({ where: { name }, create: { name, value, updatedBy }, update: { value, updatedBy } });
      await recordAudit(tx, {
        actor,
        action: "setting.update",
        outcome: "success",
        details: { name, before: before[name], after: patch[name] },
      });
    }
  });
  store.latest = undefined;
  return listSettings();
}
