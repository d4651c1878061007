import type { Metadata } from "next";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { AuditLog } from "@/components/audit/audit-log";
import { AdministratorOnly } from "@/components/dashboard/administrator-only";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEvents } from "@/lib/audit/log";
import { AUDIT_PAGE_SIZE, auditFiltersFrom, auditQueries } from "@/lib/audit/queries";
import { auditQuerySchema } from "@/lib/audit/schema";
import { currentUser, hasRole } from "@/lib/auth/caller";
import { getIntegration } from "@/lib/federation/integrations";
import { getUserByGuid } from "@/lib/users/service";

export const metadata: Metadata = { title: "Audit" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await currentUser();
  if (!user || !hasRole(user, "administrator")) return <AdministratorOnly>{null}</AdministratorOnly>;

  const filters = auditFiltersFrom(await searchParams);
  // Same query keys as the browser's; the services answer instead of HTTP.
  const queryClient = new QueryClient();
  const [filterUser, filterIntegration] = await Promise.all([
    // Only to show the username and integration name in the filter form; an unknown guid simply matches nothing.
    filters.user ? getUserByGuid(filters.user).catch(() => null) : null,
    filters.integration ? getIntegration(filters.integration).catch(() => null) : null,
    queryClient.prefetchInfiniteQuery({
      ...auditQueries.events(filters),
      queryFn: ({ pageParam }) => listAuditEvents(auditQuerySchema.parse({ ...filters, cursor: pageParam, limit: AUDIT_PAGE_SIZE })),
    }),
  ]);

  return (
    <AdministratorOnly>
      <PageHeader title="Audit">
        Every token exchange and administrative change, newest first, with the reason code when something failed. Times
        are in UTC.
      </PageHeader>
      <HydrationBoundary state={dehydrate(queryClient)}>
        {/* Keyed by the URL's filters: a navigation to other filters starts afresh. */}
        <AuditLog key={JSON.stringify(filters)} initial={{
            filters,
            username: filterUser?.username ?? "",
            integrationName: filters.integration ? (filterIntegration?.name ?? "(deleted integration)") : "",
          }} />
      </HydrationBoundary>
    </AdministratorOnly>
  );
}
