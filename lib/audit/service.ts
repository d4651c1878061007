import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/sqlite/client";

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

type Writer = Pick<Db, "auditEvent"> | Prisma.TransactionClient;

const clip = (s: string | undefined, n = 512) => (s === undefined ? undefined : s.slice(0, n));

/** Writes one audit event; pass the transaction client to write it with the change it records. */
export async function recordAudit(writer: Writer, e: AuditInput): Promise<void> {
  const actor = e.actor === "system" ? {} : e.actor;
  await writer.auditEvent.create({
    data: {
      actorUserId: actor.userId ?? null,
      actorIp: clip(actor.ip, 64) ?? null,
      action: e.action,
      outcome: e.outcome,
      reason: e.reason ?? null,
      integrationId: e.integrationId ?? null,
      iss: clip(e.iss) ?? null,
      matchValue: clip(e.matchValue) ?? null,
      jti: clip(e.jti) ?? null,
      kid: clip(e.kid) ?? null,
      userId: e.userId ?? null,
      apiKeyId: e.apiKeyId ?? null,
      details: e.details ? JSON.stringify(e.details) : null,
    },
  });
}
