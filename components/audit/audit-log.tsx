"use client";

import { Fragment, useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { formatTime } from "@/components/content/format";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/skeleton";
import { auditQueries, auditSearchOf, type ApiAuditEvent, type AuditFilters } from "@/lib/audit/queries";
import { changeSummary } from "@/lib/audit/summary";
import { AuditFiltersForm, type AppliedFilters } from "./audit-filters";
import { AuditEventDetails } from "./audit-event-details";

const linkButton = "font-medium text-blue-700 underline-offset-2 hover:underline";

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span
      className={cn(
        "rounded px-2 py-0.5 text-xs font-medium",
        outcome === "success" ? "bg-emerald-100 text-emerald-900" : "bg-red-100 text-red-900",
      )}
    >
      {outcome === "success" ? "Success" : outcome === "failure" ? "Failure" : outcome}
    </span>
  );
}

function Outcome({ event }: { event: ApiAuditEvent }) {
  return (
    <>
      <OutcomeBadge outcome={event.outcome} />
      {event.reason ? <div className="mt-1 font-mono text-xs wrap-anywhere text-slate-700">{event.reason}</div> : null}
    </>
  );
}

/** Who did it: a user's name, or the address an anonymous caller came from. */
export function actorOf(e: ApiAuditEvent): string {
  if (e.actor && "username" in e.actor) return e.actor.username;
  if (e.actor) return `user #${e.actor.id}`;
  return e.actor_ip ?? "system";
}

function exportUrl(filters: AuditFilters, format: "csv" | "json") {
  const query = auditSearchOf(filters);
  query.set("format", format);
  return `/__api__/v1/audit_logs/export?${query}`;
}

/** Downloads of the filtered view (every matching event, not only the loaded pages). */
function ExportLinks({ filters }: { filters: AuditFilters }) {
  return (
    <p className="text-sm text-slate-700">
      Export {Object.keys(filters).length ? "these events" : "the whole log"}:{" "}
      <a className={linkButton} href={exportUrl(filters, "csv")} download>
        CSV
      </a>
      {" · "}
      <a className={linkButton} href={exportUrl(filters, "json")} download>
        JSON
      </a>
    </p>
  );
}

/** Keeps the filters in the address bar, so a reload or a shared link shows the same events. */
function syncUrl({ filters }: AppliedFilters) {
  const search = auditSearchOf(filters).toString();
  window.history.replaceState(null, "", `${window.location.pathname}${search ? `?${search}` : ""}`);
}

export function AuditLog({ initial }: { initial: AppliedFilters }) {
  const [applied, setApplied] = useState(initial);
  const events = useInfiniteQuery(auditQueries.events(applied.filters));
  const [open, setOpen] = useState<string>();
  const active = Object.keys(applied.filters).length > 0;

  function apply(next: AppliedFilters) {
    setApplied(next);
    setOpen(undefined);
    syncUrl(next);
  }

  const rows = events.data?.pages.flatMap((p) => p.results) ?? [];

  return (
    <div className="space-y-6">
      <AuditFiltersForm key={JSON.stringify(applied)} applied={applied} onApply={apply} />

      {events.isPending ? (
<TableSkeleton label="Loading events…" />
      ) : events.error && rows.length === 0 ? (
        <Alert>
          Could not load the audit log: {events.error.message}{" "}
          <Button variant="secondary" className="ml-2" onClick={() => void events.refetch()}>
            Try again
          </Button>
        </Alert>
      ) : rows.length === 0 ? (
        <EmptyState title={active ? "No events match these filters" : "No events yet"}>
          <p>
            {active
              ? "Widen the time range or clear a filter."
              : "Token exchanges, sign-ins and administrative changes will appear here."}
          </p>
        </EmptyState>
      ) : (
        <div className="space-y-3">
          <div className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1">
            <p role="status" className="text-sm text-slate-700">
              Showing {rows.length} {rows.length === 1 ? "event" : "events"}, newest first
              {events.hasNextPage ? "" : " (the end of the log)"}.
            </p>
            <ExportLinks filters={applied.filters} />
          </div>
          <Table caption="Audit events">
            <THead>
              <tr>
                <TH>Time</TH>
                <TH>Action</TH>
                <TH className="hidden sm:table-cell">Outcome</TH>
                <TH className="hidden md:table-cell">Actor</TH>
                <TH className="hidden md:table-cell">Integration</TH>
                <TH className="hidden md:table-cell">User</TH>
                <TH>
                  <span className="sr-only">Details</span>
                </TH>
              </tr>
            </THead>
            <tbody>
              {rows.map((e) => (
                <EventRow key={e.id} event={e} expanded={open === e.id} onToggle={() => setOpen(open === e.id ? undefined : e.id)} />
              ))}
            </tbody>
          </Table>
          {events.error ? <Alert>Could not load more events: {events.error.message}</Alert> : null}
          {events.hasNextPage ? (
            <Button variant="secondary" disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
              {events.isFetchingNextPage ? "Loading more events…" : "Load more events"}
            </Button>
          ) : null}
        </div>
      )}
    </div>
  );
}

function EventRow({ event: e, expanded, onToggle }: { event: ApiAuditEvent; expanded: boolean; onToggle: () => void }) {
  const panelId = `audit-event-${e.id}`;
  const summary = changeSummary(e.details);
  return (
    <Fragment>
      <TR data-testid={`audit-row-${e.id}`}>
        <TD className="sm:whitespace-nowrap">
          <time dateTime={e.time}>{formatTime(e.time)}</time>
        </TD>
        <TD>
          <span className="font-mono text-xs">{e.action}</span>
          {summary ? (
            <div className="mt-1 max-w-md text-xs wrap-anywhere text-slate-700" data-testid="change-summary">
              {summary}
            </div>
          ) : null}
          {/* On a narrow screen the outcome and actor fold in here. */}
          <div className="mt-1 sm:hidden">
            <Outcome event={e} />
          </div>
          <div className="mt-1 text-xs text-slate-700 md:hidden">by {actorOf(e)}</div>
        </TD>
        <TD className="hidden sm:table-cell">
          <Outcome event={e} />
        </TD>
        <TD className="hidden wrap-anywhere md:table-cell">{actorOf(e)}</TD>
        <TD className="hidden md:table-cell">{e.integration?.name ?? "—"}</TD>
        <TD className="hidden md:table-cell">{e.user?.username ?? "—"}</TD>
        <TD className="text-right">
          <button type="button" className={linkButton} aria-expanded={expanded} aria-controls={panelId} onClick={onToggle}>
            Details<span className="sr-only"> of event {e.id}</span>
          </button>
        </TD>
      </TR>
      <tr className={cn("bg-slate-50", !expanded && "hidden")}>
        <td id={panelId} colSpan={7} className="px-4 py-4">
          {expanded ? <AuditEventDetails event={e} /> : null}
        </td>
      </tr>
    </Fragment>
  );
}
