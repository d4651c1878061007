"use client";

import { useSyncExternalStore } from "react";
import { auditSearchOf, type AuditFilters } from "@/lib/audit/queries";

/** The Audit page with these filters (its URL parameters are the API's). */
export function auditHref(filters: AuditFilters): string {
  const query = auditSearchOf(filters).toString();
  return query ? `/audit?${query}` : "/audit";
}

const noSubscription = () => () => undefined;
// To the minute, so the snapshot is the same string on every render within it.
const dayAgo = () => new Date(Math.floor(Date.now() / 60_000) * 60_000 - 24 * 3600_000).toISOString();

/**
 * The integration's failed exchanges of the last 24 hours on the Audit page. The
 * time is the browser's, read after hydration (the server's clock would differ).
 */
export function useFailuresLastDayHref(guid: string): string {
  const from = useSyncExternalStore(noSubscription, dayAgo, () => undefined);
  return auditHref({ integration: guid, outcome: "failure", action: "federation.exchange", ...(from ? { from } : {}) });
}
