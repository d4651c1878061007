"use client";

import Link from "next/link";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { formatTime } from "@/components/content/format";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination } from "@/components/ui/pagination";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/skeleton";
import { federationQueries, INTEGRATIONS_PAGE_SIZE } from "@/lib/federation/queries";
import { pageCount } from "@/lib/http/paging";
import { HealthBadge } from "./health-badge";

const linkClasses = "font-medium text-blue-700 underline-offset-2 hover:underline";

/** Kept in the address (`?page=`) without a server round trip, so a reload or a shared link opens the same page. */
function showPageInAddress(page: number) {
  const url = new URL(window.location.href);
  url.searchParams.delete("deleted");
  if (page > 1) url.searchParams.set("page", String(page));
  else url.searchParams.delete("page");
  window.history.replaceState(window.history.state, "", url);
}

export function IntegrationsList({ initialPage = 1 }: { initialPage?: number }) {
  const [page, setPage] = useState(initialPage);
  const list = useQuery({ ...federationQueries.page(page), placeholderData: keepPreviousData });
  const templates = useQuery(federationQueries.templates());
  const templateName = (id: string) => templates.data?.find((t) => t.id === id)?.name ?? id;

  if (list.isPending) return <TableSkeleton label="Loading integrations…" />;
  if (list.error) {
    return (
      <Alert>
        Could not load the integrations: {list.error.message}{" "}
        <Button variant="secondary" className="ml-2" onClick={() => void list.refetch()} disabled={list.isRefetching}>
          Try again
        </Button>
      </Alert>
    );
  }
  const { results, total } = list.data;
  const pages = pageCount(total, INTEGRATIONS_PAGE_SIZE);
  if (total === 0) {
    return (
      <EmptyState title="No integrations yet">
        <p>
          An integration tells this server which identity provider’s ID tokens to trust. Create one for Posit Workbench, or
          for any OpenID Connect provider.
        </p>
        <p>
          <Link href="/integrations/new" className={buttonClasses("primary", "mt-2")}>
            New integration
          </Link>
        </p>
      </EmptyState>
    );
  }
  const goTo = (next: number) => {
    setPage(next);
    showPageInAddress(next);
  };
  return (
    <div className="space-y-4">
      <Table caption={pages > 1 ? `Integrations, ${total} in all` : "Integrations"} fold>
        <THead>
          <tr>
            <TH>Name</TH>
            <TH>Template</TH>
            <TH>Issuer</TH>
            <TH>Status</TH>
            <TH>Last success</TH>
            <TH>Failures (24 h)</TH>
            <TH>Health</TH>
          </tr>
        </THead>
        <tbody>
          {results.map((integration) => (
            <TR key={integration.guid}>
              <TH scope="row" className="font-normal whitespace-normal">
                <Link href={`/integrations/${integration.guid}`} className={linkClasses}>
                  {integration.name}
                </Link>
                {integration.conflicts.length ? (
                  <span className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-red-900">
                    <Badge tone="danger">Conflict</Badge>
                    <span>
                      same issuer and client ID as {integration.conflicts.map((c) => `“${c.name}”`).join(", ")}: its exchanges fail as
                      ambiguous
                    </span>
                  </span>
                ) : null}
              </TH>
              <TD label="Template">{templateName(integration.template)}</TD>
              <TD label="Issuer">
                <code className="break-all">{String(integration.config.issuer ?? "")}</code>
              </TD>
              <TD label="Status">
                <Badge tone={integration.enabled ? "success" : "neutral"}>{integration.enabled ? "Enabled" : "Disabled"}</Badge>
              </TD>
              <TD label="Last success" className="whitespace-nowrap">{integration.last_success ? formatTime(integration.last_success) : "Never"}</TD>
              <TD label="Failures (24 h)">
                <span className={integration.failures_24h > 0 ? "font-semibold text-red-800" : undefined}>{integration.failures_24h}</span>
              </TD>
              <TD label="Health">
                <HealthBadge lastVerify={integration.last_verify} />
              </TD>
            </TR>
          ))}
        </tbody>
      </Table>
      {pages > 1 || page > 1 ? (
        <Pagination label="Integrations pages" page={page} pageCount={pages} onPageChange={goTo} disabled={list.isPlaceholderData} />
      ) : null}
    </div>
  );
}
