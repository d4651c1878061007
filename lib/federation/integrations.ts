import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Integration } from "@/lib/db/generated/sqlite/client";
import { badRequest, notFound } from "@/lib/errors/app-error";
import { recordAudit, type Actor } from "@/lib/audit/service";
import { log } from "@/lib/log";
import { revokeIntegrationKeys } from "@/lib/keys/service";
import {
  AUTH_TYPE,
  configSchemaFor,
  createIntegrationSchema,
  effectiveConfig,
  TEMPLATE_IDS,
  updateIntegrationSchema,
  verifyResultSchema,
  type CreateIntegrationInput,
  type EffectiveConfig,
  type TemplateId,
  type UpdateIntegrationInput,
  type VerifyResult,
} from "./schema";

export type LoadedIntegration = Omit<Integration, "config"> & { template: TemplateId; config: EffectiveConfig; rawConfig: Record<string, unknown> };

function load(row: Integration): LoadedIntegration | undefined {
  try {
    const template = row.template as TemplateId;
    if (!TEMPLATE_IDS.includes(template)) throw new Error(`unknown template ${row.template}`);
    const rawConfig = configSchemaFor(template).parse(JSON.parse(row.config)) as Record<string, unknown>;
    return { ...row, template, rawConfig, config: effectiveConfig(template, rawConfig as never) };
  } catch (err) {
    log.error("integration has an invalid stored configuration", { guid: row.guid, error: String(err) });
    return undefined;
  }
}

function loadOrThrow(row: Integration): LoadedIntegration {
  const loaded = load(row);
  if (!loaded) throw badRequest(`Integration ${row.guid} has an invalid stored configuration; edit it to fix.`);
  return loaded;
}

/** Connect's integration shape, plus enabled and the last health check. */
export function toApiIntegration(i: LoadedIntegration) {
  return {
    id: String(i.id),
    guid: i.guid,
    name: i.name,
    description: i.description,
    template: i.template,
    auth_type: i.authType,
    enabled: i.enabled,
    config: i.rawConfig,
    created_time: i.createdTime.toISOString(),
    updated_time: i.updatedTime.toISOString(),
    last_verify: storedVerifyResult(i),
  };
}

/** The last health check, or null when there is none or it no longer parses (stored before providers' documents were validated). */
function storedVerifyResult(i: LoadedIntegration): VerifyResult | null {
  if (!i.lastVerify) return null;
  try {
    const parsed = verifyResultSchema.safeParse(JSON.parse(i.lastVerify));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: treated like a result that does not parse
  }
  log.warn("ignoring a stored health check that does not parse", { guid: i.guid });
  return null;
}
export type ApiIntegration = ReturnType<typeof toApiIntegration>;

export async function listIntegrations(): Promise<LoadedIntegration[]> {
  const rows = await db.integration.findMany({ orderBy: { createdTime: "asc" } });
  return rows.map(load).filter((i): i is LoadedIntegration => Boolean(i));
}

export async function getIntegration(guid: string): Promise<LoadedIntegration> {
  const row = await db.integration.findUnique({ where: { guid } });
  if (!row) throw notFound("Integration");
  return loadOrThrow(row);
}

// Every instance re-reads enabled integrations at least this often, so a change
// made through one instance reaches all of them within seconds.
const CACHE_MS = 2_000;
const cache = globalThis as unknown as { federationIntegrations?: { at: number; list: Promise<LoadedIntegration[]> } };

export function enabledIntegrations(): Promise<LoadedIntegration[]> {
  const hit = cache.federationIntegrations;
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.list;
  const list = db.integration
    .findMany({ where: { enabled: true } })
    .then((rows) => rows.map(load).filter((i): i is LoadedIntegration => Boolean(i)));
  cache.federationIntegrations = { at: Date.now(), list };
  list.catch(() => (cache.federationIntegrations = undefined));
  return list;
}

function forgetCached() {
  cache.federationIntegrations = undefined;
}

function auditView(i: LoadedIntegration) {
  return { name: i.name, description: i.description, template: i.template, enabled: i.enabled, config: i.rawConfig };
}

export async function createIntegration(input: CreateIntegrationInput, actor: Actor): Promise<LoadedIntegration> {
  const data = createIntegrationSchema.parse(input);
  const created = await db.$transaction(async (tx) => {
    const row = await tx.integration.create({
      data: {
        guid: randomUUID(),
        name: data.name,
        description: data.description,
        template: data.template,
        authType: AUTH_TYPE,
        enabled: data.enabled,
        config: JSON.stringify(data.config),
      },
    });
    const loaded = loadOrThrow(row);
    await recordAudit(tx, {
      actor,
      action: "integration.create",
      outcome: "success",
      integrationId: row.id,
      details: { after: auditView(loaded) },
    });
    return loaded;
  });
  forgetCached();
  return created;
}

export async function updateIntegration(guid: string, input: UpdateIntegrationInput, actor: Actor): Promise<LoadedIntegration> {
  const patch = updateIntegrationSchema.parse(input);
  const before = await getIntegration(guid);
  const config = patch.config
    ? prefixIssues(() => configSchemaFor(before.template).parse({ ...before.rawConfig, ...patch.config }))
    : before.rawConfig;
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.integration.update({
      where: { id: before.id },
      data: { name: patch.name, description: patch.description, enabled: patch.enabled, config: JSON.stringify(config) },
    });
    const after = loadOrThrow(row);
    await recordAudit(tx, {
      actor,
      action: "integration.update",
      outcome: "success",
      integrationId: row.id,
      details: { before: auditView(before), after: auditView(after) },
    });
    return after;
  });
  forgetCached();
  return updated;
}

/** Deleting an integration also revokes the keys it minted: the trust they came from is gone. */
export async function deleteIntegration(guid: string, actor: Actor): Promise<void> {
  const before = await getIntegration(guid);
  await db.$transaction(async (tx) => {
    const revoked = await revokeIntegrationKeys(tx, before.id);
    await tx.integration.delete({ where: { id: before.id } });
    await recordAudit(tx, {
      actor,
      action: "integration.delete",
      outcome: "success",
      integrationId: before.id,
      details: { before: auditView(before), revoked_keys: revoked },
    });
  });
  forgetCached();
}

/** Revokes every active key the integration minted (it stays as it is); returns how many. */
export async function revokeKeysOfIntegration(guid: string, actor: Actor): Promise<number> {
  const integration = await db.integration.findUnique({ where: { guid }, select: { id: true } });
  if (!integration) throw notFound("Integration");
  return db.$transaction(async (tx) => {
    const revoked = await revokeIntegrationKeys(tx, integration.id);
    await recordAudit(tx, {
      actor,
      action: "integration.revoke_keys",
      outcome: "success",
      integrationId: integration.id,
      details: { revoked_keys: revoked },
    });
    return revoked;
  });
}

export async function saveVerifyResult(id: number, result: VerifyResult): Promise<void> {
  await db.integration.update({ where: { id }, data: { lastVerify: JSON.stringify(result) } });
}

/** Config errors of a PATCH are reported under config.<field>, like on create. */
function prefixIssues<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    const issues = (err as { issues?: { path: PropertyKey[] }[] }).issues;
    if (issues) for (const i of issues) i.path = ["config", ...i.path];
    throw err;
  }
}
