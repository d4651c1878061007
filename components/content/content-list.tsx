"use client";
import { Fragment, useEffect, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination } from "@/components/ui/pagination";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/skeleton";
import { CONTENT_PAGE_SIZE, contentQueries, type ApiContentWithOwner } from "@/lib/content/queries";
import { pageCount } from "@/lib/http/paging";
import { DeployHistory } from "./deploy-history";
import { formatTime } from "./format";

function ownerName(c: ApiContentWithOwner): string {
  const o = c.owner;
  if (!o) return c.owner_guid;
  const full = `${o.first_name} ${o.last_name}`.trim();
  return full ? `${full} (${o.username})` : o.username;
}

const linkClasses = "font-medium text-blue-700 underline-offset-2 hover:underline";

/**
 * The content the signed-in user can reach (all of it for administrators): owner,
 * active bundle, last deploy, a link to the served site and the deploy history.
 * `selectedGuid` (the `?guid=` of an item's dashboard_url) opens that item, on
 * `initialPage`, the page that holds it.
 */
export function ContentList({ selectedGuid, initialPage = 1 }: { selectedGuid?: string; initialPage?: number }) {
  const [page, setPage] = useState(initialPage);
  const { data, isPending, error, isPlaceholderData } = useQuery({ ...contentQueries.page(page), placeholderData: keepPreviousData });
  const [open, setOpen] = useState<string | undefined>(selectedGuid);

  useEffect(() => {
    if (selectedGuid) document.getElementById(`content-${selectedGuid}`)?.scrollIntoView({ block: "center" });
  }, [selectedGuid]);

  if (isPending) return <TableSkeleton label="Loading content…" />;
  if (error) return <Alert>Could not load content: {error.message}</Alert>;
  const pages = pageCount(data.total, CONTENT_PAGE_SIZE);
  if (data.total === 0) {
    return (
      <EmptyState title="No content yet">
        <p>
          Publish a static site with rsconnect, or through the API: create an item with <code>POST /__api__/v1/content</code>,
          upload a bundle to <code>…/bundles</code> and deploy it with <code>…/deploy</code>.
        </p>
      </EmptyState>
    );
  }
  return (
    <div className="space-y-4">
      <Table caption="Content items" fold>
        <THead>
          <tr>
            <TH>Content</TH>
            <TH>Owner</TH>
            <TH>Type</TH>
            <TH>Active bundle</TH>
            <TH>Last deployed</TH>
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          </tr>
        </THead>
        <tbody>
          {data.results.map((c) => {
            const label = c.title ?? c.name;
            const expanded = open === c.guid;
            const panelId = `content-history-${c.guid}`;
            return (
              <Fragment key={c.guid}>
                <TR id={`content-${c.guid}`} className={cn(c.guid === selectedGuid && "bg-blue-50")}>
                  <TD>
                    <div className="font-medium break-words text-slate-900">{label}</div>
                    {c.title ? <div className="text-xs break-words text-slate-600">{c.name}</div> : null}
                  </TD>
                  <TD label="Owner" className="break-words">
                    {ownerName(c)}
                  </TD>
                  <TD label="Type">{c.app_mode}</TD>
                  <TD label="Active bundle">{c.bundle_id ? `#${c.bundle_id}` : <span className="text-slate-600">none</span>}</TD>
                  <TD label="Last deployed">
                    {c.bundle_id ? <time dateTime={c.last_deployed_time}>{formatTime(c.last_deployed_time)}</time> : "—"}
                  </TD>
                  <TD className="space-x-4 sm:text-right sm:whitespace-nowrap">
                    {c.bundle_id ? (
                      <a href={c.content_url} target="_blank" rel="noopener" className={linkClasses}>
                        Open site<span className="sr-only"> {label} (opens in a new tab)</span>
                      </a>
                    ) : null}
                    <button
                      type="button"
                      className={linkClasses}
                      aria-expanded={expanded}
                      aria-controls={panelId}
                      onClick={() => setOpen(expanded ? undefined : c.guid)}
                    >
                      Deploy history<span className="sr-only"> of {label}</span>
                    </button>
                  </TD>
                </TR>
                <tr className={cn("bg-slate-50", !expanded && "hidden")}>
                  <td id={panelId} colSpan={6} className="px-4 py-3">
                    {expanded ? <DeployHistory guid={c.guid} /> : null}
                  </td>
                </tr>
              </Fragment>
            );
          })}
        </tbody>
      </Table>
      {pages > 1 || page > 1 ? (
        <Pagination label="Content pages" page={page} pageCount={pages} onPageChange={setPage} disabled={isPlaceholderData} />
      ) : null}
    </div>
  );
}
