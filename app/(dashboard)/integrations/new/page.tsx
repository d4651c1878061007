import type { Metadata } from "next";
import Link from "next/link";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { AdministratorOnly } from "@/components/dashboard/administrator-only";
import { CreateIntegration } from "@/components/integrations/create-integration";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser, hasRole } from "@/lib/auth/caller";
import { prefetchTemplates, templateIdOf } from "../_lib/prefetch";

export const metadata: Metadata = { title: "New integration" };

type SearchParams = Promise<{ template?: string | string[] }>;

export default async function NewIntegrationPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await currentUser();
  if (!user || !hasRole(user, "administrator")) return <AdministratorOnly>{null}</AdministratorOnly>;

  const { template } = await searchParams;
  const queryClient = new QueryClient();
  await prefetchTemplates(queryClient);

  return (
    <AdministratorOnly>
      <Link href="/integrations" className="mb-3 inline-block text-sm font-medium text-blue-700 underline-offset-2 hover:underline">
        ← All integrations
      </Link>
      <PageHeader title="New integration">
        Trust the ID tokens of one identity provider. Use “Check connection” to test the provider before you save.
      </PageHeader>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <CreateIntegration initialTemplate={templateIdOf(template)} />
      </HydrationBoundary>
    </AdministratorOnly>
  );
}
