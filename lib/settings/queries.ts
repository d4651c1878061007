// React Query keys and options for System > Settings, shared by the server
// prefetch (which answers from the service instead of HTTP) and the browser.
import { mutationOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import type { PatchSettingsInput, SettingView } from "./schema";

const SETTINGS_URL = "/__api__/v1/system/settings";

export const settingsKeys = {
  all: ["settings"] as const,
  list: () => [...settingsKeys.all, "list"] as const,
};

export const settingsQueries = {
  list: () => queryOptions({ queryKey: settingsKeys.list(), queryFn: () => apiFetch<SettingView[]>(SETTINGS_URL) }),
};

export const updateSettingsMutation = () =>
  mutationOptions({
    mutationKey: [...settingsKeys.all, "update"],
    mutationFn: (patch: PatchSettingsInput) => apiFetch<SettingView[]>(SETTINGS_URL, { method: "PATCH", body: patch }),
    // Success or failure, what is shown next is read back from the server, not assumed.
    onSuccess: (views, _patch, _result, { client }) => {
      client.setQueryData(settingsKeys.list(), views);
      return client.invalidateQueries({ queryKey: settingsKeys.all });
    },
    // Not awaited: offline, the re-read waits for the connection, and the failure must show now.
    onError: (_error, _patch, _result, { client }) => void client.invalidateQueries({ queryKey: settingsKeys.all }),
  });
