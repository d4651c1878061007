// React Query keys and options for the audit log page, shared by the server
// prefetch (which answers from the service instead of HTTP) and the browser.
import { infiniteQueryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import type { Paged } from "@/lib/http/paging";
import type { ApiAuditEvent } from "./log";
import { auditQuerySchema } from "./schema";

export type { ApiAuditEvent };
export type AuditPage = { results: ApiAuditEvent[]; next_cursor: string | null };

/** The filters the page offers: the API's query parameters, minus paging. */
export const AUDIT_FILTERS = ["integration", "outcome", "reason", "action", "user", "from", "to"] as const;
export type AuditFilterName = (typeof AUDIT_FILTERS)[number];
export type AuditFilters = Partial<Record<AuditFilterName, string>>;
export type IntegrationOption = { guid: string; name: string };

export const AUDIT_PAGE_SIZE = 50;
/** How many matching integrations the filter's search offers at once. */
export const INTEGRATION_MATCHES = 10;

/** The valid, non-empty filters among URL search parameters (anything else is dropped, not an error). */
export function auditFiltersFrom(params: Record<string, string | string[] | undefined>): AuditFilters {
  const filters: AuditFilters = {};
  for (const name of AUDIT_FILTERS) {
    const value = params[name];
    if (typeof value !== "string" || value.trim() === "") continue;
    if (auditQuerySchema.shape[name].safeParse(value).success) filters[name] = value.trim();
  }
  return filters;
}

export function auditSearchOf(filters: AuditFilters, cursor?: string): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of AUDIT_FILTERS) if (filters[name]) query.set(name, filters[name]);
  if (cursor) query.set("cursor", cursor);
  return query;
}

export const auditKeys = {
  all: ["audit"] as const,
  events: (filters: AuditFilters) => [...auditKeys.all, "events", filters] as const,
  integrationSearch: (prefix: string) => [...auditKeys.all, "integration-search", prefix] as const,
};

export const auditQueries = {
  events: (filters: AuditFilters) =>
    infiniteQueryOptions({
      queryKey: auditKeys.events(filters),
      queryFn: ({ pageParam }) => {
        const query = auditSearchOf(filters, pageParam);
        query.set("limit", String(AUDIT_PAGE_SIZE));
        return apiFetch<AuditPage>(`/__api__/v1/audit_logs?${query}`);
      },
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    }),
  /** For the integration filter: the first few integrations whose name starts with `prefix`, as options. */
  integrationSearch: (prefix: string) => ({
    queryKey: auditKeys.integrationSearch(prefix),
    queryFn: async () => {
      const query = new URLSearchParams({ page_size: String(INTEGRATION_MATCHES) });
      if (prefix) query.set("prefix", prefix);
      const page = await apiFetch<Paged<IntegrationOption>>(`/__api__/v1/oauth/integrations?${query}`);
      return page.results.map(({ guid, name }) => ({ value: guid, label: name }));
    },
    staleTime: 30_000,
  }),
};
