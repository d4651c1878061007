import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { AdministratorOnly } from "@/components/dashboard/administrator-only";
import { IntegrationDetail } from "@/components/integrations/integration-detail";
import { currentUser, hasRole } from "@/lib/auth/caller";
import { config } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";
import { prefetchIntegration, prefetchTemplates } from "../_lib/prefetch";

export const metadata: Metadata = { title: "Integration" };

type Params = Promise<{ guid: string }>;
export default async function IntegrationPage({ params }: { params: Params }) {
  const user = await currentUser();
  if (!user || !hasRole(user, "administrator")) return <AdministratorOnly>{null}</AdministratorOnly>;

  const { guid } = await params;
  const queryClient = new QueryClient();
  try {
    await Promise.all([prefetchIntegration(queryClient, guid), prefetchTemplates(queryClient)]);
  } catch (err) {
    if (err instanceof AppError && err.kind === "not_found") notFound();
    throw err;
  }

  return (
    <AdministratorOnly>
      <HydrationBoundary state={dehydrate(queryClient)}>
        {/* The setup guide's snippets name this server: PUBLIC_URL, else the browser's address. */}
        <IntegrationDetail guid={guid} serverUrl={config().publicUrl ?? null} />
      </HydrationBoundary>
    </AdministratorOnly>
  );
}
