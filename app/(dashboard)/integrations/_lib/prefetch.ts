// Server prefetch for the integration pages: the browser's query keys, answered
// by the same services the API routes call.
import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { getIntegration } from "@/lib/federation/integrations";
import { integrationExchanges, integrationOverview, pageIntegrationOverviews } from "@/lib/federation/overview";
import {
  federationQueries,
  INTEGRATIONS_PAGE_SIZE,
  type IntegrationActivity,
  type IntegrationWithActivity,
} from "@/lib/federation/queries";
import { pageOf, type Paged } from "@/lib/http/paging";
import { TEMPLATES } from "@/lib/federation/templates";
import type { TemplateId } from "@/lib/federation/schema";

export function prefetchTemplates(queryClient: QueryClient) {
  return queryClient.prefetchQuery({ ...federationQueries.templates(), queryFn: async () => Object.values(TEMPLATES) });
}

/** One page of the Integrations page's table, as GET /v1/oauth/integrations?page_number=…&page_size=… answers it. */
export function prefetchIntegrationsPage(queryClient: QueryClient, page: number) {
  return queryClient.prefetchQuery({
    ...federationQueries.page(page),
    queryFn: async () =>
      (await pageIntegrationOverviews({ page: pageOf({ page_number: page, page_size: INTEGRATIONS_PAGE_SIZE })! })) as Paged<IntegrationWithActivity>,
  });
}

/** The integration, its figures and its last 24 hours; throws the service's not_found for an unknown guid. */
export async function prefetchIntegration(queryClient: QueryClient, guid: string) {
  const integration = await getIntegration(guid);
  await Promise.all([
    queryClient.prefetchQuery({
      ...federationQueries.detail(guid),
      queryFn: async () => (await integrationOverview(integration)) as IntegrationWithActivity,
    }),
    queryClient.prefetchQuery({
      ...federationQueries.activity(guid, "24h"),
      queryFn: async () => (await integrationExchanges(integration, "24h")) as IntegrationActivity,
    }),
  ]);
  return integration;
}

export function templateIdOf(value: unknown): TemplateId | undefined {
  return typeof value === "string" && value in TEMPLATES ? (value as TemplateId) : undefined;
}
