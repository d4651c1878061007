import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { ContentList } from "@/components/content/content-list";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser } from "@/lib/auth/caller";
import { CONTENT_PAGE_SIZE, contentQueries } from "@/lib/content/queries";
import { pageApiContent, pageNumberOfContent } from "@/lib/content/service";
import { publicBaseOf } from "@/lib/content/urls";
import { pageOf } from "@/lib/http/paging";

export const metadata: Metadata = { title: "Content" };

export default async function ContentPage({ searchParams }: { searchParams: Promise<{ guid?: string | string[] }> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const { guid } = await searchParams;
  const base = publicBaseOf(await headers());
  // Same query key as the browser's; on the server the service answers instead of HTTP.
  const queryClient = new QueryClient();
  const selected = typeof guid === "string" ? guid : undefined;
  // An item's dashboard_url opens the page that holds it.
  const page = selected ? await pageNumberOfContent(user, selected, CONTENT_PAGE_SIZE) : 1;
  await queryClient.prefetchQuery({
    ...contentQueries.page(page),
    queryFn: () => pageApiContent(user, { include: "owner" }, pageOf({ page_number: page, page_size: CONTENT_PAGE_SIZE })!, base),
  });
  return (
    <>
      <PageHeader title="Content">
        Content published to this server: its owner, active bundle and deploy history, with a link to the served site.
      </PageHeader>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ContentList selectedGuid={selected} initialPage={page} />
      </HydrationBoundary>
    </>
  );
}
