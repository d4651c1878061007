// React Query keys and options for System > Users, shared by the server prefetch
// (which answers from the service instead of HTTP) and the browser.
import { mutationOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch, postJson } from "@/lib/http/api-client";
import type { AccountStatus, CreateUserInput, Role, UpdateUserInput } from "./schema";
import type { ApiUser as AnyApiUser } from "./service";

/** The full shape administrators see (toApiUser without `limited`). */
export type ApiUser = Extract<AnyApiUser, { external_id: unknown }>;
export type UserListParams = {
  prefix: string;
  page_number: number;
  page_size: number;
  user_role?: Role;
  account_status?: AccountStatus;
};
export type UserPage = { results: ApiUser[]; total: number; current_page: number };

export const USERS_PAGE_SIZE = 20;

export const usersKeys = {
  all: ["users"] as const,
  lists: () => [...usersKeys.all, "list"] as const,
  list: (params: UserListParams) => [...usersKeys.lists(), params] as const,
};

function listUrl({ prefix, page_number, page_size, user_role, account_status }: UserListParams) {
  const query = new URLSearchParams({ page_number: String(page_number), page_size: String(page_size) });
  if (prefix) query.set("prefix", prefix);
  if (user_role) query.set("user_role", user_role);
  if (account_status) query.set("account_status", account_status);
  return `/__api__/v1/users?${query}`;
}

const userUrl = (guid: string) => `/__api__/v1/users/${encodeURIComponent(guid)}`;

export const usersQueries = {
  list: (params: UserListParams) =>
    queryOptions({ queryKey: usersKeys.list(params), queryFn: () => apiFetch<UserPage>(listUrl(params)) }),
};

/** The user named exactly `username`, or undefined (the API searches by prefix). */
export async function findUserByUsername(username: string): Promise<ApiUser | undefined> {
  const page = await apiFetch<UserPage>(listUrl({ prefix: username, page_number: 1, page_size: 100 }));
  return page.results.find((u) => u.username === username);
}

export const createUserMutation = () =>
  mutationOptions({
    mutationKey: [...usersKeys.all, "create"],
    mutationFn: (input: CreateUserInput) => postJson<ApiUser>("/__api__/v1/users", input),
    onSuccess: (_user, _input, _result, { client }) => client.invalidateQueries({ queryKey: usersKeys.all }),
  });

export const updateUserMutation = () =>
  mutationOptions({
    mutationKey: [...usersKeys.all, "update"],
    mutationFn: ({ guid, patch }: { guid: string; patch: UpdateUserInput }) =>
      apiFetch<ApiUser>(userUrl(guid), { method: "PATCH", body: patch }),
    onSuccess: (_user, _input, _result, { client }) => client.invalidateQueries({ queryKey: usersKeys.all }),
  });
