// Reading the audit log: filters, cursor paging (newest first), and the
// per-integration figures the dashboard shows.
import { db } from "@/lib/db";
import { config } from "@/lib/config/env";
import type { AuditEvent, Prisma } from "@/lib/db/generated/sqlite/client";
import type { AuditFilterQuery, AuditQuery } from "./schema";
import { exchangeBuckets } from "@/lib/db/integration-list";

export async function listAuditEvents(q: AuditQuery) {
  const where = await auditWhere(q);
  const rows = await db.auditEvent.findMany({
    where: { ...where, ...(q.cursor ? { id: { lt: q.cursor } } : {}) },
    orderBy: { id: "desc" },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return { results: await toApiEvents(page), next_cursor: rows.length > q.limit ? String(page.at(-1)!.id) : null };
}

/** The filters of a query as a Prisma condition (paging apart). */
async function auditWhere(q: AuditFilterQuery): Promise<Prisma.AuditEventWhereInput> {
  const [integration, user] = await Promise.all([
    q.integration ? db.integration.findUnique({ where: { guid: q.integration } }) : undefined,
    q.user ? db.user.findUnique({ where: { guid: q.user } }) : undefined,
  ]);
  // An unknown integration or user matches nothing (id -1), rather than everything.
  return {
    ...(q.integration ? { integrationId: integration?.id ?? -1 } : {}),
    ...(q.user ? { OR: [{ userId: user?.id ?? -1 }, { actorUserId: user?.id ?? -1 }] } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(q.reason ? { reason: q.reason } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.from || q.to ? { time: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
  };
}

/**
 * Every event the filters match, newest first, one page of at most `pageSize` at a
 * time: an export of a long history never holds more than a page in memory.
 */
export async function* auditEventPages(q: AuditFilterQuery, pageSize = 500): AsyncGenerator<ApiAuditEvent[]> {
  const where = await auditWhere(q);
  let cursor: number | undefined;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { ...where, ...(cursor !== undefined ? { id: { lt: cursor } } : {}) },
      orderBy: { id: "desc" },
      take: pageSize,
    });
    if (rows.length === 0) return;
    yield await toApiEvents(rows);
    if (rows.length < pageSize) return;
    cursor = rows.at(-1)!.id;
  }
}

/** Events with the names of the integration, users and key they mention. */
async function toApiEvents(rows: AuditEvent[]) {
  const ids = (pick: (r: AuditEvent) => number | null) => [...new Set(rows.map(pick).filter((v): v is number => v !== null))];
  const [integrations, users] = await Promise.all([
    db.integration.findMany({ where: { id: { in: ids((r) => r.integrationId) } }, select: { id: true, guid: true, name: true } }),
    db.user.findMany({
      where: { id: { in: [...ids((r) => r.userId), ...ids((r) => r.actorUserId)] } },
      select: { id: true, guid: true, username: true },
    }),
  ]);
  const integrationById = new Map(integrations.map((i) => [i.id, i]));
  const userById = new Map(users.map((u) => [u.id, u]));
  return rows.map((r) => ({
    id: String(r.id),
    time: r.time.toISOString(),
    action: r.action,
    outcome: r.outcome,
    reason: r.reason,
    actor: r.actorUserId ? (userById.get(r.actorUserId) ?? { id: r.actorUserId }) : null,
    actor_ip: r.actorIp,
    integration: r.integrationId ? (integrationById.get(r.integrationId) ?? { id: r.integrationId, name: "(deleted)" }) : null,
    user: r.userId ? (userById.get(r.userId) ?? null) : null,
    api_key_id: r.apiKeyId ? String(r.apiKeyId) : null,
    iss: r.iss,
    match_value: r.matchValue,
    jti: r.jti,
    kid: r.kid,
    details: r.details ? JSON.parse(r.details) : null,
  }));
}
export type ApiAuditEvent = Awaited<ReturnType<typeof toApiEvents>>[number];

const WINDOWS = {
  "24h": { ms: 24 * 3600_000, bucketMs: 3600_000 },
  "7d": { ms: 7 * 24 * 3600_000, bucketMs: 6 * 3600_000 },
} as const;

/** Exchanges over time by outcome, in fixed buckets (hours for 24 h, 6 hours for 7 days); reads only the window. */
export async function exchangeChart(integrationId: number, window: keyof typeof WINDOWS) {
  const { ms, bucketMs } = WINDOWS[window];
  const end = Math.ceil(Date.now() / bucketMs) * bucketMs;
  const start = end - ms;
  const rows = await exchangeBuckets(db, config().provider, integrationId, new Date(start), bucketMs);
  const buckets = new Map<number, { start: string; success: number; failure: number }>();
  for (let t = start; t < end; t += bucketMs) buckets.set(t / bucketMs, { start: new Date(t).toISOString(), success: 0, failure: 0 });
  for (const r of rows) {
    const b = buckets.get(r.bucket);
    if (b && (r.outcome === "success" || r.outcome === "failure")) b[r.outcome] += r.count;
  }
  return { window, bucket_seconds: bucketMs / 1000, buckets: [...buckets.values()] };
}
