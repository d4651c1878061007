import type { Metadata } from "next";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { AdministratorOnly } from "@/components/dashboard/administrator-only";
import { SettingsForm } from "@/components/settings/settings-form";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser, hasRole } from "@/lib/auth/caller";
import { settingsQueries } from "@/lib/settings/queries";
import { listSettings } from "@/lib/settings/service";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await currentUser();
  if (!user || !hasRole(user, "administrator")) return <AdministratorOnly>{null}</AdministratorOnly>;
  // Same query key as the browser's; the service answers instead of HTTP.
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({ ...settingsQueries.list(), queryFn: listSettings });
  return (
    <AdministratorOnly>
      <PageHeader title="Settings">
        Turn identity federation on or off, choose the claim single sign-on stores as a user’s external ID, and cap the
        lifetime of federated API keys.
      </PageHeader>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <SettingsForm />
      </HydrationBoundary>
    </AdministratorOnly>
  );
}
