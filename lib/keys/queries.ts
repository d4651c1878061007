// React Query keys and options for the signed-in user's API keys, shared by the
// server prefetch (which answers from the service instead of HTTP) and the browser.
import { mutationOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch, postJson } from "@/lib/http/api-client";
import type { CreateKeyInput } from "./schema";
import type { toApiKey } from "./service";

export type ApiKeyView = ReturnType<typeof toApiKey>;
/** Only the response to a create holds the secret. */
export type CreatedApiKey = ApiKeyView & { key: string };

export const keysKeys = {
  all: ["keys"] as const,
  list: (userGuid: string) => [...keysKeys.all, "list", userGuid] as const,
};

const keysUrl = (userGuid: string) => `/__api__/v1/users/${encodeURIComponent(userGuid)}/keys`;

export const keysQueries = {
  list: (userGuid: string) =>
    queryOptions({ queryKey: keysKeys.list(userGuid), queryFn: () => apiFetch<ApiKeyView[]>(keysUrl(userGuid)) }),
};

export const createKeyMutation = (userGuid: string) =>
  mutationOptions({
    mutationKey: [...keysKeys.all, "create"],
    mutationFn: (input: CreateKeyInput) => postJson<CreatedApiKey>(keysUrl(userGuid), input),
    onSuccess: (_key, _input, _result, { client }) => client.invalidateQueries({ queryKey: keysKeys.all }),
  });

export const revokeKeyMutation = (userGuid: string) =>
  mutationOptions({
    mutationKey: [...keysKeys.all, "revoke"],
    mutationFn: (keyId: string) => apiFetch<void>(`${keysUrl(userGuid)}/${encodeURIComponent(keyId)}`, { method: "DELETE" }),
    onSuccess: (_none, _keyId, _result, { client }) => client.invalidateQueries({ queryKey: keysKeys.all }),
  });
