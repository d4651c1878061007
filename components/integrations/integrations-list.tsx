"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { formatTime } from "@/components/content/format";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/skeleton";
import { federationQueries } from "@/lib/federation/queries";
import { HealthBadge } from "./health-badge";

const linkClasses = "font-medium text-blue-700 underline-offset-2 hover:underline";

export function IntegrationsList() {
  const list = useQuery(federationQueries.list());
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
  if (list.data.length === 0) {
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
  return (
    <Table caption="Integrations" fold>
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
        {list.data.map((integration) => (
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
  );
}
