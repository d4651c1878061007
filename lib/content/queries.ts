// React Query keys and query options for content, shared by server prefetch and
// client hooks. On the server, prefetch with the same options and a queryFn that
// calls the service (pageApiContent) instead of fetching over HTTP.
import { queryOptions } from "@tanstack/react-query";
import type { ApiContent } from "./service";
import type { ApiDeployment } from "./tasks";
import type { Paged } from "@/lib/http/paging";

/** Rows per page of the Content page. */
export const CONTENT_PAGE_SIZE = 25;

export type ApiContentWithOwner = ApiContent & {
  owner?: { guid: string; username: string; first_name: string; last_name: string };
};

export const contentKeys = {
  all: ["content"] as const,
  list: () => [...contentKeys.all, "list"] as const,
  page: (page: number) => [...contentKeys.list(), page] as const,
  deployments: (guid: string) => [...contentKeys.all, "deployments", guid] as const,
};

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: "same-origin", headers: { accept: "application/json" } });
  const body = (await res.json().catch(() => null)) as { error?: string } | null;
  if (!res.ok) throw new Error(body?.error ?? `Request failed with status ${res.status}.`);
  return body as T;
}

export const contentQueries = {
  /** One page of the Content page's table, newest first, with owners. */
  page: (page: number) =>
    queryOptions({
      queryKey: contentKeys.page(page),
      queryFn: () =>
        getJson<Paged<ApiContentWithOwner>>(`/__api__/v1/content?include=owner&page_number=${page}&page_size=${CONTENT_PAGE_SIZE}`),
    }),
  deployments: (guid: string) =>
    queryOptions({
      queryKey: contentKeys.deployments(guid),
      queryFn: () => getJson<ApiDeployment[]>(`/__api__/v1/content/${encodeURIComponent(guid)}/deployments`),
    }),
};
