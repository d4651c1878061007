import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { ApiKeys } from "@/components/keys/api-keys";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser } from "@/lib/auth/caller";
import { keysQueries } from "@/lib/keys/queries";
import { listUserKeys, toApiKey } from "@/lib/keys/service";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  // Same query key as the browser's; the service answers instead of HTTP.
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({
    ...keysQueries.list(user.guid),
    queryFn: async () => (await listUserKeys(user.id)).map((k) => toApiKey(k, user.guid)),
  });
  return (
    <>
      <PageHeader title="API keys">
        Keys that let scripts and tools call this server’s API as you. Keys marked “Federated” were issued by exchanging
        an ID token; they expire with it.
      </PageHeader>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ApiKeys userGuid={user.guid} />
      </HydrationBoundary>
    </>
  );
}
