import type { Prisma } from "@/lib/db/generated/sqlite/client";
import type { NewAuditEvent } from "@/lib/db/exchange-store";
import { storable } from "@/lib/validation/text";

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

type Writer = Pick<Prisma.TransactionClient, "auditEvent">;

/** Text from a request or a token, as recorded: bounded, and storable (lib/validation/text.ts). */
const clip = (s: string | undefined, n = 512) => (s === undefined ? null : storable(s.slice(0, n)));

/** The row of one audit event (without its key: the exchange links that, lib/db/exchange-store.ts). */
export function auditRow(e: AuditInput): NewAuditEvent {
  const actor = e.actor === "system" ? {} : e.actor;
  return {
    time: new Date(),
    actorUserId: actor.userId ?? null,
    actorIp: clip(actor.ip, 64),
    action: e.action,
    outcome: e.outcome,
    reason: e.reason ?? null,
    integrationId: e.integrationId ?? null,
    iss: clip(e.iss),
    matchValue: clip(e.matchValue),
    jti: clip(e.jti),
    kid: clip(e.kid),
    userId: e.userId ?? null,
    details: e.details ? JSON.stringify(e.details) : null,
  };
}

/** Writes one audit event; pass the transaction client to write it with the change it records. */
export async function recordAudit(writer: Writer, e: AuditInput): Promise<void> {
  await writer.auditEvent.create({ data: { ...auditRow(e), apiKeyId: e.apiKeyId ?? null } });
}
