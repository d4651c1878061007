import type { Metadata } from "next";
import Link from "next/link";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { AdministratorOnly } from "@/components/dashboard/administrator-only";
import { IntegrationsList } from "@/components/integrations/integrations-list";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser, hasRole } from "@/lib/auth/caller";
import { getSetting } from "@/lib/settings/service";
import { prefetchIntegrationsPage, prefetchTemplates } from "./_lib/prefetch";

export const metadata: Metadata = { title: "Integrations" };

type SearchParams = Promise<{ deleted?: string | string[]; page?: string | string[] }>;

/** `?page=N` as a page number; anything else is the first page. */
function pageParam(value: string | string[] | undefined): number {
  return typeof value === "string" && /^[1-9][0-9]{0,5}$/.test(value) ? Number(value) : 1;
}

export default async function IntegrationsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await currentUser();
  if (!user || !hasRole(user, "administrator")) return <AdministratorOnly>{null}</AdministratorOnly>;

  const { deleted, page: pageValue } = await searchParams;
  const page = pageParam(pageValue);
  const queryClient = new QueryClient();
  const [federationOn] = await Promise.all([
    getSetting("EarlyAccess.IdentityFederation"),
    prefetchIntegrationsPage(queryClient, page),
    prefetchTemplates(queryClient),
  ]);

  return (
    <AdministratorOnly>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader title="Integrations">
          Integrations decide which identity providers’ ID tokens this server exchanges for API keys of existing users.
        </PageHeader>
        <Link href="/integrations/new" className={buttonClasses("primary", "mb-6")}>
          New integration
        </Link>
      </div>
      {typeof deleted === "string" && deleted ? (
        <Alert tone="info" className="mb-6">
          Deleted the integration “{deleted.slice(0, 128)}”.
        </Alert>
      ) : null}
      {!federationOn ? (
        <Card className="mb-6 border-amber-300 bg-amber-50 text-sm text-amber-950">
          <h2 className="font-semibold">Identity federation is off</h2>
          <p className="mt-1 max-w-prose">
            Every exchange is refused (<code>federation_disabled</code>) until an administrator turns on{" "}
            <code>EarlyAccess.IdentityFederation</code> in{" "}
            <Link href="/settings" className="font-medium underline underline-offset-2">
              Settings
            </Link>
            . You can create and check integrations meanwhile.
          </p>
        </Card>
      ) : null}
      <HydrationBoundary state={dehydrate(queryClient)}>
        <IntegrationsList initialPage={page} />
      </HydrationBoundary>
    </AdministratorOnly>
  );
}
