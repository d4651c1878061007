import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { searchIntegrationIds } from "@/lib/db/integration-list";
import type { Page } from "@/lib/http/paging";
import type { Integration, Prisma } from "@/lib/db/generated/sqlite/client";
import { badRequest, conflict, notFound } from "@/lib/errors/app-error";
import { recordAudit, type Actor } from "@/lib/audit/service";
import { changedFields } from "@/lib/audit/changes";
import { log } from "@/lib/log";
import { revokeIntegrationKeys } from "@/lib/keys/service";
import { processSingleton } from "@/lib/process/singleton";
import { carriedCheckFor, healthRecordOf } from "./health-record";
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
  type HealthRecord,
  type TemplateId,
  type UpdateIntegrationInput,
  type VerifyResult,
} from "./schema";

export type LoadedIntegration = Omit<Integration, "config"> & { template: TemplateId; config: EffectiveConfig; rawConfig: Record<string, unknown> };

/** What a row's template and config text alone make of it: the costly part of loading, a schema parse. */
type ParsedConfig = Pick<LoadedIntegration, "template" | "rawConfig" | "config">;

function parseConfig(row: Integration): ParsedConfig {
  const template = row.template as TemplateId;
  if (!TEMPLATE_IDS.includes(template)) throw new Error(`unknown template ${row.template}`);
  const rawConfig = configSchemaFor(template).parse(JSON.parse(row.config)) as Record<string, unknown>;
  return { template, rawConfig, config: effectiveConfig(template, rawConfig as never) };
}

const configKey = (row: Integration) => `${row.template}\n${row.config}`;

/**
 * A row's parse, reusing the last reload's of an enabled integration whose config
 * text is unchanged (see reloadEnabled): the conflict check on every create and
 * update, and the full list, would otherwise parse every enabled config again.
 */
const load = (row: Integration) => loadWith(row, (r) => cache.parsed.get(configKey(r)) ?? parseConfig(r));

function loadWith(row: Integration, parse: (row: Integration) => ParsedConfig): LoadedIntegration | undefined {
  try {
    return { ...row, ...parse(row) };
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
    last_verify: storedHealthCheck(i),
  };
}

/** The last health check, or null when there is none or it no longer parses (stored before providers' documents were validated). */
function storedHealthCheck(i: LoadedIntegration): HealthRecord | null {
  if (!i.lastVerify) return null;
  try {
    const parsed = verifyResultSchema.safeParse(JSON.parse(i.lastVerify));
    if (parsed.success) return healthRecordOf(parsed.data, i.config);
  } catch {
    // not JSON: treated like a result that does not parse
  }
  log.warn("ignoring a stored health check that does not parse", { guid: i.guid });
  return null;
}
export type ApiIntegration = ReturnType<typeof toApiIntegration>;

export async function listIntegrations(): Promise<LoadedIntegration[]> {
  const rows = await db.integration.findMany({ orderBy: { id: "asc" } });
  return rows.map(load).filter((i): i is LoadedIntegration => Boolean(i));
}

/**
 * Integrations in creation order whose name starts with `prefix` (ignoring case), all
 * of them or one page, and how many match. Rows whose stored configuration no
 * longer parses are left out of the results (and logged), as in the full list.
 */
export async function findIntegrations(q: { prefix?: string; page?: Page }): Promise<{ rows: LoadedIntegration[]; total: number }> {
  if (!q.prefix && !q.page) {
    const rows = await listIntegrations();
    return { rows, total: rows.length };
  }
  const { ids, total } = await searchIntegrationIds(db, { prefix: q.prefix, limit: q.page?.size, offset: q.page?.offset });
  const found = ids.length ? await db.integration.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } }) : [];
  return { rows: found.map(load).filter((i): i is LoadedIntegration => Boolean(i)), total };
}

export async function getIntegration(guid: string): Promise<LoadedIntegration> {
  const row = await db.integration.findUnique({ where: { guid } });
  if (!row) throw notFound("Integration");
  return loadOrThrow(row);
}

// Every instance re-reads enabled integrations at least this often, so a change
// made through one instance reaches all of them within seconds.
const CACHE_MS = 2_000;

/** Enabled integrations as the exchange looks them up: by issuer, indexed once per reload rather than per request. */
export type EnabledIndex = {
  byIssuer: ReadonlyMap<string, readonly LoadedIntegration[]>;
  /** Every enabled issuer once, in load order (what an unknown_issuer check lists). */
  issuers: readonly string[];
};

const cache = processSingleton("federation.enabledIntegrations", () => ({
  current: undefined as { at: number; index: Promise<EnabledIndex> } | undefined,
  /** The last reload's parsed configs by template and config text (see reloadEnabled). */
  parsed: new Map<string, ParsedConfig>(),
}));

function indexByIssuer(list: LoadedIntegration[]): EnabledIndex {
  const byIssuer = new Map<string, LoadedIntegration[]>();
  for (const i of list) {
    const same = byIssuer.get(i.config.issuer);
    if (same) same.push(i);
    else byIssuer.set(i.config.issuer, [i]);
  }
  return { byIssuer, issuers: [...byIssuer.keys()] };
}

export function enabledIntegrations(): Promise<EnabledIndex> {
  const hit = cache.current;
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.index;
  const index = db.integration.findMany({ where: { enabled: true } }).then(reloadEnabled);
  const entry = { at: Date.now(), index };
  cache.current = entry;
  index.catch(() => {
    if (cache.current === entry) cache.current = undefined;
  });
  return index;
}

/**
 * The index of freshly read rows. Parsing every config is most of a reload's cost
 * (about 80 µs an integration: 75 ms every 2 s with 900 enabled, which cost the
 * exchange throughput, bench/RESULTS.md), so a config whose text has not changed
 * since the last reload reuses that parse: the result depends on nothing else.
 */
function reloadEnabled(rows: Integration[]): EnabledIndex {
  const previous = cache.parsed;
  const parsed = new Map<string, ParsedConfig>();
  const reuse = (row: Integration) => {
    const key = configKey(row);
    const p = parsed.get(key) ?? previous.get(key) ?? parseConfig(row);
    parsed.set(key, p);
    return p;
  };
  const index = indexByIssuer(rows.map((row) => loadWith(row, reuse)).filter((i): i is LoadedIntegration => Boolean(i)));
  cache.parsed = parsed;
  return index;
}

/** Reloads on next use: after every change here, and in tests that write rows directly. */
export function forgetEnabledIntegrations() {
  cache.current = undefined;
}

/** The other enabled integrations with the same issuer and client ID: the exchange cannot tell them apart. */
export function conflictsOf(i: LoadedIntegration, index: EnabledIndex): { guid: string; name: string }[] {
  if (!i.enabled) return [];
  return (index.byIssuer.get(i.config.issuer) ?? [])
    .filter((other) => other.id !== i.id && other.config.client_id === i.config.client_id)
    .map((other) => ({ guid: other.guid, name: other.name }));
}

/** Names identify integrations in the dashboard and the audit log: one per name, ignoring case. */
async function assertNameFree(tx: Prisma.TransactionClient, name: string, exceptId?: number) {
  const rows = await tx.integration.findMany({ select: { id: true, name: true } });
  const taken = rows.find((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase());
  if (!taken) return;
  const message = `is already used by another integration ("${taken.name}"); names are compared ignoring case`;
  throw conflict(`Name ${message}.`, { fields: [{ field: "name", message }] });
}

/** Refuses to enable a second integration with an enabled one's issuer and client ID: every exchange from that issuer would be ambiguous. */
async function assertNoTwin(tx: Prisma.TransactionClient, c: EffectiveConfig, exceptId?: number) {
  const rows = await tx.integration.findMany({ where: { enabled: true, ...(exceptId === undefined ? {} : { id: { not: exceptId } }) } });
  const twin = rows
    .map(load)
    .find((other) => other && other.config.issuer === c.issuer && other.config.client_id === c.client_id);
  if (!twin) return;
  const message =
    `is the same as that of the enabled integration "${twin.name}", which has this issuer too, so exchanges could not tell ` +
    `them apart. Use another client ID, or disable "${twin.name}" first`;
  throw conflict(`Client ID ${message}.`, {
    fields: [{ field: "config.client_id", message }],
    conflict: { guid: twin.guid, name: twin.name },
  });
}

function auditView(i: LoadedIntegration) {
  return { name: i.name, description: i.description, template: i.template, enabled: i.enabled, config: i.rawConfig };
}

export async function createIntegration(input: CreateIntegrationInput, actor: Actor): Promise<LoadedIntegration> {
  const data = createIntegrationSchema.parse(input);
  const effective = effectiveConfig(data.template, data.config);
  const checked = carriedCheckFor(data.last_verify, effective);
  const created = await db.$transaction(async (tx) => {
    await assertNameFree(tx, data.name);
    if (data.enabled) await assertNoTwin(tx, effective);
    const row = await tx.integration.create({
      data: {
        guid: randomUUID(),
        name: data.name,
        description: data.description,
        template: data.template,
        authType: AUTH_TYPE,
        enabled: data.enabled,
        config: JSON.stringify(data.config),
        lastVerify: checked ? JSON.stringify(checked) : null,
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
  forgetEnabledIntegrations();
  return created;
}

export async function updateIntegration(guid: string, input: UpdateIntegrationInput, actor: Actor): Promise<LoadedIntegration> {
  const patch = updateIntegrationSchema.parse(input);
  const before = await getIntegration(guid);
  const config = patch.config
    ? prefixIssues(() => configSchemaFor(before.template).parse({ ...before.rawConfig, ...patch.config }))
    : before.rawConfig;
  const enabled = patch.enabled ?? before.enabled;
  const effective = effectiveConfig(before.template, config as never);
  const changes = changedFields(auditView(before), {
    ...auditView(before),
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    enabled,
    config: config as Record<string, unknown>,
  });
  // A save that changes nothing writes nothing, and leaves no audit event.
  if (!changes) return before;
  const updated = await db.$transaction(async (tx) => {
    if (patch.name !== undefined && patch.name.toLowerCase() !== before.name.toLowerCase()) await assertNameFree(tx, patch.name, before.id);
    // Only a change that makes it match: an edit of an already conflicting pair's description stays possible.
    const matchChanged = effective.issuer !== before.config.issuer || effective.client_id !== before.config.client_id;
    if (enabled && (!before.enabled || matchChanged)) await assertNoTwin(tx, effective, before.id);
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
      details: changedFields(auditView(before), auditView(after)) ?? changes,
    });
    return after;
  });
  forgetEnabledIntegrations();
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
  forgetEnabledIntegrations();
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
