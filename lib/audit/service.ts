import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { execute, statement, timestamp, type Statement } from "@/lib/db/raw";

/** Who did it: a signed-in user, or an anonymous client known by its address. */
export type Actor = { userId?: number; ip?: string } | "system";

export type AuditInput = {
  actor: Actor;
  action: string;
  outcome: "success" | "failure";
  reason?: string;
  integrationId?: number | null;
  iss?: string;
  matchValue?: string;
  jti?: string;
  kid?: string;
  userId?: number | null;
  apiKeyId?: number | null;
  /** Non-secret context: before/after values, checks, messages. Never tokens or keys. */
  details?: Record<string, unknown>;
};

type Writer = Pick<Db, "$executeRawUnsafe"> | Prisma.TransactionClient;

const clip = (s: string | undefined, n = 512) => (s === undefined ? null : s.slice(0, n));

/**
 * The INSERT for one audit event. `apiKeyIdSql` is an SQL expression for the
 * id of a key inserted with it (see Write in lib/db/statement.ts).
 */
export function auditStatement(e: AuditInput, apiKeyIdSql?: string): Statement {
  const actor = e.actor === "system" ? {} : e.actor;
  const keyId = apiKeyIdSql ?? "?";
  return statement(
    `INSERT INTO "AuditEvent" ("time", "actorUserId", "actorIp", "action", "outcome", "reason", "integrationId",
      "iss", "matchValue", "jti", "kid", "userId", "apiKeyId", "details")
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${keyId}, ?)`,
    timestamp(new Date()),
    actor.userId ?? null,
    clip(actor.ip, 64),
    e.action,
    e.outcome,
    e.reason ?? null,
    e.integrationId ?? null,
    clip(e.iss),
    clip(e.matchValue),
    clip(e.jti),
    clip(e.kid),
    e.userId ?? null,
    ...(apiKeyIdSql ? [] : [e.apiKeyId ?? null]),
    e.details ? JSON.stringify(e.details) : null,
  );
}

/** Writes one audit event; pass the transaction client to write it with the change it records. */
export async function recordAudit(writer: Writer, e: AuditInput): Promise<void> {
  await execute(writer, auditStatement(e));
}
