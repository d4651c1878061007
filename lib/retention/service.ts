// Deletes what the retention settings say is no longer kept: audit events older
// than Retention.AuditEventDays (0 keeps them forever), and API keys expired or
// revoked more than Retention.ApiKeyGraceDays ago. Audit events refer to keys by
// id without a foreign key, so they outlive the keys they mention. Records of
// single-use tokens go once their token has expired: it could not be exchanged again anyway.
// Rows go in batches, each its own statement, and after each the job rests as
// long as the batch took, so requests keep at least half the time: on SQLite the
// whole process waits for each statement (measured: ~0.2 s for 5,000 rows, most
// of it the commit's sync, so smaller batches would cost nearly as much each).
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/db";
import { withJobLock } from "@/lib/db/job-lock";
import { metrics } from "@/lib/metrics";
import { recordAudit } from "@/lib/audit/service";
import { getSettings } from "@/lib/settings/service";

const DAY_MS = 86_400_000;
export const PRUNE_BATCH_SIZE = 5_000;

export type PruneResult =
  | { ran: false }
  | { ran: true; auditEvents: number; apiKeys: number; usedTokens: number; auditEventDays: number; apiKeyGraceDays: number };

/**
 * Deletes rows older than `cutoff` in batches of about `size`: each batch ends at
 * the time of the size-th oldest row (rows sharing that very instant go with it).
 */
async function deleteInBatches(
  size: number,
  edgeOf: (skip: number) => Promise<Date | undefined>,
  deleteUpTo: (edge: Date | undefined) => Promise<number>,
  onDeleted: (n: number) => void,
): Promise<number> {
  let total = 0;
  for (;;) {
    const started = performance.now();
    const edge = await edgeOf(size - 1);
    const n = await deleteUpTo(edge);
    total += n;
    if (n) onDeleted(n);
    if (!edge) return total; // fewer than a batch were left: all are gone
    await sleep(Math.min(performance.now() - started, 1_000));
  }
}

function deleteOldAuditEvents(cutoff: Date, size: number) {
  return deleteInBatches(
    size,
    async (skip) =>
      (await db.auditEvent.findFirst({ where: { time: { lt: cutoff } }, orderBy: { time: "asc" }, skip, select: { time: true } }))
        ?.time,
    async (edge) => (await db.auditEvent.deleteMany({ where: { time: edge ? { lte: edge } : { lt: cutoff } } })).count,
    (n) => metrics.retentionDeleted("audit_event", n),
  );
}

/** Keys whose `column` (expiresAt or revokedAt) is older than `cutoff`. */
function deleteEndedKeys(column: "expiresAt" | "revokedAt", cutoff: Date, size: number) {
  return deleteInBatches(
    size,
    async (skip) =>
      (
        await db.apiKey.findFirst({
          where: { [column]: { lt: cutoff } },
          orderBy: { [column]: "asc" },
          skip,
          select: { [column]: true },
        })
      )?.[column] ?? undefined,
    async (edge) => (await db.apiKey.deleteMany({ where: { [column]: edge ? { lte: edge } : { lt: cutoff } } })).count,
    (n) => metrics.retentionDeleted("api_key", n),
  );
}

/** Records of single-use tokens whose token can no longer be accepted. */
function deleteExpiredUsedTokens(now: Date, size: number) {
  return deleteInBatches(
    size,
    async (skip) =>
      (await db.usedToken.findFirst({ where: { expiresAt: { lt: now } }, orderBy: { expiresAt: "asc" }, skip, select: { expiresAt: true } }))
        ?.expiresAt,
    async (edge) => (await db.usedToken.deleteMany({ where: { expiresAt: edge ? { lte: edge } : { lt: now } } })).count,
    (n) => metrics.retentionDeleted("used_token", n),
  );
}

/** Runs retention once, unless another instance is already running it. */
export async function prune(opts: { batchSize?: number; now?: Date } = {}): Promise<PruneResult> {
  const size = Math.max(1, opts.batchSize ?? PRUNE_BATCH_SIZE);
  const now = (opts.now ?? new Date()).getTime();
  const outcome = await withJobLock(db, "retention", async () => {
    const settings = await getSettings();
    const auditEventDays = settings["Retention.AuditEventDays"];
    const apiKeyGraceDays = settings["Retention.ApiKeyGraceDays"];
    const keyCutoff = new Date(now - apiKeyGraceDays * DAY_MS);
    const apiKeys =
      (await deleteEndedKeys("expiresAt", keyCutoff, size)) + (await deleteEndedKeys("revokedAt", keyCutoff, size));
    const auditEvents = auditEventDays > 0 ? await deleteOldAuditEvents(new Date(now - auditEventDays * DAY_MS), size) : 0;
    const usedTokens = await deleteExpiredUsedTokens(new Date(now), size);
    if (apiKeys || auditEvents) {
      await recordAudit(db, {
        actor: "system",
        action: "retention.prune",
        outcome: "success",
        details: { audit_events: auditEvents, api_keys: apiKeys, used_tokens: usedTokens, audit_event_days: auditEventDays, api_key_grace_days: apiKeyGraceDays },
      });
    }
    return { auditEvents, apiKeys, usedTokens, auditEventDays, apiKeyGraceDays };
  });
  return outcome.ran ? { ran: true, ...outcome.result } : { ran: false };
}
