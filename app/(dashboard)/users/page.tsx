import type { Metadata } from "next";
import Link from "next/link";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { AdministratorOnly } from "@/components/dashboard/administrator-only";
import { UsersManager } from "@/components/users/users-manager";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser, hasRole } from "@/lib/auth/caller";
import { getSetting } from "@/lib/settings/service";
import { USERS_PAGE_SIZE, usersQueries, type ApiUser } from "@/lib/users/queries";
import { ACCOUNT_STATUSES, ROLES, listUsersQuerySchema } from "@/lib/users/schema";
import { listUsers, toApiUser } from "@/lib/users/service";

export const metadata: Metadata = { title: "Users" };

type SearchParams = Promise<{ prefix?: string | string[]; page?: string | string[]; role?: string | string[]; status?: string | string[] }>;

/** A value from a list, or undefined: an unknown filter in the address bar is dropped, not an error. */
function oneOf<T extends string>(values: readonly T[], raw: string | string[] | undefined): T | undefined {
  return typeof raw === "string" && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await currentUser();
  if (!user || !hasRole(user, "administrator")) return <AdministratorOnly>{null}</AdministratorOnly>;

  const { prefix: rawPrefix, page: rawPage, role, status } = await searchParams;
  const prefix = typeof rawPrefix === "string" ? rawPrefix.trim().slice(0, 128) : "";
  const page = Math.max(1, Math.min(Number.parseInt(typeof rawPage === "string" ? rawPage : "1", 10) || 1, 100_000));
  const filters = { user_role: oneOf(ROLES, role), account_status: oneOf(ACCOUNT_STATUSES, status) };
  const params = { prefix, page_number: page, page_size: USERS_PAGE_SIZE, ...filters };

  // Same query key as the browser's; the service answers instead of HTTP.
  const queryClient = new QueryClient();
  const [uniqueIdClaim] = await Promise.all([
    getSetting("OAuth2.UniqueIdClaim"),
    queryClient.prefetchQuery({
      ...usersQueries.list(params),
      queryFn: async () => {
        const found = await listUsers(listUsersQuerySchema.parse({ ...params, prefix: prefix || undefined }), { limited: false });
        return { ...found, results: found.results.map((u) => toApiUser(u) as ApiUser) };
      },
    }),
  ]);

  return (
    <AdministratorOnly>
      <PageHeader title="Users">
        People who can sign in to this server, their roles, and the external IDs that federation matches.
      </PageHeader>
      <Card className="mb-6 border-blue-200 bg-blue-50 text-sm text-blue-950">
        <h2 className="font-semibold">Federation only maps to existing users</h2>
        <p className="mt-1 max-w-prose">
          A token exchange never creates a user. It finds the user whose <strong>external ID</strong> equals the token’s
          match claim exactly, so create the user first (or let them sign in once with single sign-on). Single sign-on
          stores the <code>{uniqueIdClaim}</code> claim as the external ID, as set by <code>OAuth2.UniqueIdClaim</code> in{" "}
          <Link href="/settings" className="font-medium underline underline-offset-2">
            Settings
          </Link>
          . Locked users can neither sign in nor exchange tokens.
        </p>
      </Card>
      <HydrationBoundary state={dehydrate(queryClient)}>
        {/* Keyed by the URL's search: a navigation to another search starts afresh. */}
        <UsersManager
          key={`${page}:${prefix}:${filters.user_role}:${filters.account_status}`}
          initialPrefix={prefix}
          initialPage={page}
          initialFilters={filters}
          currentUserGuid={user.guid}
          uniqueIdClaim={uniqueIdClaim}
        />
      </HydrationBoundary>
    </AdministratorOnly>
  );
}
