import { db } from "@/lib/db";
import type { NewApiKey } from "@/lib/db/exchange-store";
import type { ApiKey, Prisma, User } from "@/lib/db/generated/sqlite/client";
import { forbidden, notFound, unauthorized } from "@/lib/errors/app-error";
import { touchUserActive } from "@/lib/users/service";
import { recordAudit, type Actor } from "@/lib/audit/service";
import { FEDERATED_KEY_PREFIX, USER_KEY_PREFIX, generateKey, keyMatches, keyStartOf, lookupIdOf } from "./secret";
import { DEFAULT_MAX_ROLE } from "@/lib/federation/schema";
import type { Role } from "@/lib/users/schema";
import { createKeySchema, type CreateKeyInput } from "./schema";
import { rowIdOf } from "@/lib/validation/row-id";

export type KeyOrigin = {
  integrationId: number;
  tokenIss: string;
  tokenSub?: string;
  tokenJti?: string;
  /** The integration's max_role when the key was minted: the key never acts above it. */
  maxRole: Role;
};

/** A new key's row, and the one-time secret whose lookup id finds it. */
export function newKeyRow(userId: number, name: string, expiresAt: Date | null, origin?: KeyOrigin): { row: NewApiKey; key: string } {
  const { key, lookupId, keyHash } = generateKey(origin ? FEDERATED_KEY_PREFIX : USER_KEY_PREFIX);
  const row: NewApiKey = {
    lookupId,
    keyHash,
    userId,
    name,
    createdTime: new Date(),
    expiresAt,
    integrationId: origin?.integrationId ?? null,
    tokenIss: origin?.tokenIss ?? null,
    tokenSub: origin?.tokenSub ?? null,
    tokenJti: origin?.tokenJti ?? null,
    maxRole: origin?.maxRole ?? null,
  };
  return { row, key };
}

/** Creates a key row inside the caller's transaction; returns the row and the one-time secret. */
export async function insertKey(
  tx: Prisma.TransactionClient,
  userId: number,
  name: string,
  expiresAt: Date | null,
): Promise<{ row: ApiKey; key: string }> {
  const { row, key } = newKeyRow(userId, name, expiresAt);
  return { row: await tx.apiKey.create({ data: row }), key };
}

export function toApiKey(row: ApiKey, userGuid: string, key?: string) {
  return {
    id: String(row.id),
    user_guid: userGuid,
    name: row.name,
    // The key's first characters, to tell keys apart (e.g. two with the same name); not a secret.
    key_prefix: keyStartOf(row.lookupId),
    created_time: row.createdTime.toISOString(),
    last_used_time: row.activeTime?.toISOString() ?? null,
    expires_at: row.expiresAt?.toISOString() ?? null,
    federated: row.integrationId !== null,
    ...(key ? { key } : {}),
  };
}

export async function createUserKey(user: User, input: CreateKeyInput, actor: Actor) {
  const data = createKeySchema.parse(input);
  const expiresAt = data.expires_in ? new Date(Date.now() + data.expires_in * 1000) : null;
  return db.$transaction(async (tx) => {
    const created = await insertKey(tx, user.id, data.name, expiresAt);
    await recordAudit(tx, {
      actor,
      action: "api_key.create",
      outcome: "success",
      userId: user.id,
      apiKeyId: created.row.id,
      details: { name: data.name, expires_at: expiresAt?.toISOString() ?? null },
    });
    return created;
  });
}

/** Keys still usable: not revoked and not expired. */
const activeKeys = () => ({ revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] });

export async function listUserKeys(userId: number): Promise<ApiKey[]> {
  return db.apiKey.findMany({ where: { userId, ...activeKeys() }, orderBy: { createdTime: "desc" } });
}

/** Minted by federation (tokenIss stays set after its integration is deleted). */
export const isFederatedKey = (key: Pick<ApiKey, "tokenIss" | "integrationId">) => key.tokenIss !== null || key.integrationId !== null;

/** The role cap a key carries: its recorded one; a federated key without one gets the default cap. */
export function roleCapOf(key: Pick<ApiKey, "tokenIss" | "integrationId" | "maxRole">): string | null {
  return key.maxRole ?? (isFederatedKey(key) ? DEFAULT_MAX_ROLE : null);
}

/** Short-lived stays short-lived: a federated key cannot mint, see or revoke keys. */
export function assertMayManageKeys(federated: boolean) {
  if (federated) {
    throw forbidden("A key minted by identity federation cannot create, list or delete API keys. Sign in to the dashboard to manage keys.", {
      reason: "federated_key_not_allowed",
    });
  }
}

/** Revokes the active keys an integration minted, inside the caller's transaction; returns how many. */
export async function revokeIntegrationKeys(tx: Prisma.TransactionClient, integrationId: number): Promise<number> {
  const revoked = await tx.apiKey.updateMany({ where: { integrationId, ...activeKeys() }, data: { revokedAt: new Date() } });
  return revoked.count;
}

export async function revokeUserKey(userId: number, keyId: number, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const found = await tx.apiKey.updateMany({
      where: { id: keyId, userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (found.count === 0) throw notFound("API key");
    await recordAudit(tx, { actor, action: "api_key.revoke", outcome: "success", userId, apiKeyId: keyId });
  });
}

/** Resolves a presented key to its user, or throws 401. Expiry and revocation are checked on every call. */
export async function authenticateKey(key: string): Promise<{ user: User; apiKey: ApiKey }> {
  const lookupId = lookupIdOf(key);
  if (!lookupId) throw unauthorized("Invalid API key.");
  const row = await db.apiKey.findUnique({ where: { lookupId }, include: { user: true } });
  if (!row || !keyMatches(key, row.keyHash)) throw unauthorized("Invalid API key.");
  if (row.revokedAt) throw unauthorized("This API key has been revoked.");
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw unauthorized("This API key has expired.");
  if (row.user.locked) throw unauthorized("This user account is locked.");
  const { user, ...apiKey } = row;
  markKeyUsed(apiKey);
  return { user, apiKey };
}

/** Records use at most once a minute per key, off the request's critical path. */
function markKeyUsed(key: ApiKey) {
  const now = Date.now();
  if (key.activeTime && now - key.activeTime.getTime() < 60_000) return;
  void db.apiKey
    .updateMany({ where: { id: key.id }, data: { activeTime: new Date(now) } })
    .then(() => touchUserActive(key.userId))
    .catch(() => undefined);
}

export function parseKeyId(id: string): number {
  const keyId = rowIdOf(id);
  if (keyId === undefined) throw notFound("API key");
  return keyId;
}

/** For the operator CLI: a new non-expiring key for the named user. */
export async function createCliKey(username: string, name = "cli"): Promise<string> {
  const user = await db.user.findUnique({ where: { username } });
  if (!user) throw notFound(`User "${username}"`);
  const { key } = await createUserKey(user, { name }, "system");
  return key;
}
