import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { ContentList } from "@/components/content/content-list";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser } from "@/lib/auth/caller";
import { contentQueries } from "@/lib/content/queries";
import { listApiContent } from "@/lib/content/service";
import { publicBaseOf } from "@/lib/content/urls";

export const metadata: Metadata = { title: "Content" };

export default async function ContentPage({ searchParams }: { searchParams: Promise<{ guid?: string | string[] }> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const { guid } = await searchParams;
  const base = publicBaseOf(await headers());
  // Same query key as the browser's; on the server the service answers instead of HTTP.
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({ ...contentQueries.list(), queryFn: () => listApiContent(user, { include: "owner" }, base) });
  return (
    <>
      <PageHeader title="Content">
        Content published to this server: its owner, active bundle and deploy history, with a link to the served site.
      </PageHeader>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ContentList selectedGuid={typeof guid === "string" ? guid : undefined} />
      </HydrationBoundary>
    </>
  );
}
