"use client";

import { useState } from "react";
import Link from "next/link";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatTime } from "@/components/content/format";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { CardsSkeleton, Skeleton } from "@/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { federationKeys, federationQueries, type ActivityWindow, type ApiAuditEvent } from "@/lib/federation/queries";
import { auditHref } from "./audit-links";
import { ExchangeChart, totalsOf } from "./exchange-chart";

const RANGES: Array<{ value: ActivityWindow; label: string; long: string }> = [
  { value: "24h", label: "24 hours", long: "the last 24 hours" },
  { value: "7d", label: "7 days", long: "the last 7 days" },
];

/** The chart of exchanges by outcome and the recent attempts, from one activity request. */
export function IntegrationActivityPanel({ guid }: { guid: string }) {
  const queryClient = useQueryClient();
  const [range, setRange] = useState<ActivityWindow>("24h");
  const activity = useQuery({ ...federationQueries.activity(guid, range), placeholderData: keepPreviousData });
  const long = RANGES.find((r) => r.value === range)!.long;

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: federationKeys.activity(guid, range) }),
      queryClient.invalidateQueries({ queryKey: federationKeys.detail(guid) }),
    ]);

  return (
    <>
      <section aria-labelledby="exchanges-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="exchanges-heading" className="text-lg font-semibold text-slate-900">
            Exchanges
          </h2>
          <div className="flex flex-wrap items-center gap-3">
            <div role="group" aria-label="Time range" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
              {RANGES.map((r) => (
                <button
                  key={r.value}
                  type="button"
                  aria-pressed={range === r.value}
                  onClick={() => setRange(r.value)}
                  className={cn(
                    "min-h-9 rounded px-3 text-sm font-medium",
                    range === r.value ? "bg-blue-700 text-white" : "text-slate-800 hover:bg-slate-100",
                  )}
                >
                  {r.label}
                </button>
              ))}
            </div>
            <Button variant="secondary" onClick={() => void refresh()} disabled={activity.isFetching}>
              {activity.isFetching ? "Refreshing…" : "Refresh"}
            </Button>
          </div>
        </div>
        {activity.error ? (
          <Alert>
            Could not load the exchanges: {activity.error.message}{" "}
            <Button variant="secondary" className="ml-2" onClick={() => void activity.refetch()}>
              Try again
            </Button>
          </Alert>
        ) : null}
        {activity.isPending ? <CardsSkeleton label="Loading exchanges…" cards={1} /> : null}
        {activity.data ? (
          <Card className={cn("space-y-4", activity.isPlaceholderData && "opacity-60")}>
            <p role="status" className="text-sm text-slate-900" data-testid="exchange-totals">
              {activity.isPlaceholderData ? (
                <>
                  <span className="sr-only">Loading…</span>
                  <Skeleton className="inline-block h-4 w-72 max-w-full align-middle" />
                </>
              ) : (
                <>
                  In {long}: <strong>{totalsOf(activity.data.chart).success} successful</strong> and{" "}
                  <strong>{totalsOf(activity.data.chart).failure} failed</strong> exchanges.
                </>
              )}
            </p>
            <ExchangeChart chart={activity.data.chart} />
          </Card>
        ) : null}
      </section>

      <section aria-labelledby="recent-heading" className="space-y-3">
        <h2 id="recent-heading" className="text-lg font-semibold text-slate-900">
          Recent attempts
        </h2>
        <p className="max-w-prose text-sm text-slate-700">
          The latest exchange attempts through this integration, newest first. A failed attempt’s reason code says what
          to fix; the{" "}
          <Link href={auditHref({ integration: guid })} className="font-medium text-blue-700 underline underline-offset-2">
            full history
          </Link>{" "}
          is in the audit log.
        </p>
        {activity.data ? <RecentAttempts events={activity.data.recent} /> : null}
      </section>
    </>
  );
}

function TokenIds({ e }: { e: ApiAuditEvent }) {
  if (!e.kid && !e.jti) return <>—</>;
  return (
    <>
      {e.kid ? (
        <span className="block">
          kid <code className="break-all">{e.kid}</code>
        </span>
      ) : null}
      {e.jti ? (
        <span className="block">
          jti <code className="break-all">{e.jti}</code>
        </span>
      ) : null}
    </>
  );
}

/** Below md the columns fold into the first cell, as on the Users page, so nothing scrolls sideways on a phone. */
function RecentAttempts({ events }: { events: ApiAuditEvent[] }) {
  if (events.length === 0) {
    return (
      <EmptyState title="No attempts yet">
        <p>Attempts appear here as soon as a client presents a token from this integration’s issuer.</p>
      </EmptyState>
    );
  }
  return (
    <Table caption="Recent exchange attempts">
      <THead>
        <tr>
          <TH>Time (UTC)</TH>
          <TH className="hidden md:table-cell">Outcome</TH>
          <TH className="hidden md:table-cell">Reason</TH>
          <TH className="hidden md:table-cell">User</TH>
          <TH className="hidden md:table-cell">Matched value</TH>
          <TH className="hidden md:table-cell">Token</TH>
        </tr>
      </THead>
      <tbody>
        {events.map((e) => {
          const message = typeof e.details?.message === "string" ? e.details.message : undefined;
          const outcome = (
            <Badge tone={e.outcome === "success" ? "success" : "danger"}>{e.outcome === "success" ? "Success" : "Failure"}</Badge>
          );
          const reason = (
            <>
              {e.reason && e.reason !== "ok" ? <code className="font-semibold text-red-900">{e.reason}</code> : "—"}
              {message ? <p className="mt-1 text-xs text-slate-700">{message}</p> : null}
            </>
          );
          const user = e.user && "username" in e.user ? e.user.username : "—";
          const match = e.match_value ? <code className="break-all">{e.match_value}</code> : "—";
          return (
            <TR key={e.id}>
              <TD className="md:whitespace-nowrap">
                <time dateTime={e.time}>{formatTime(e.time, { seconds: true })}</time>
                <div className="mt-1 space-y-1 md:hidden">
                  <div>{outcome}</div>
                  <div>{reason}</div>
                  <div className="text-slate-700">User: {user}</div>
                  <div className="text-slate-700">Matched value: {match}</div>
                  <div className="text-xs text-slate-700">
                    <TokenIds e={e} />
                  </div>
                </div>
              </TD>
              <TD className="hidden md:table-cell">{outcome}</TD>
              <TD className="hidden min-w-64 md:table-cell">{reason}</TD>
              <TD className="hidden whitespace-nowrap md:table-cell">{user}</TD>
              <TD className="hidden md:table-cell">{match}</TD>
              <TD className="hidden min-w-48 text-xs text-slate-700 md:table-cell">
                <TokenIds e={e} />
              </TD>
            </TR>
          );
        })}
      </tbody>
    </Table>
  );
}
