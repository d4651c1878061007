// React Query keys and options for System > Integrations, shared by the server
// prefetch (which answers from the services instead of HTTP) and the browser.
import { mutationOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch, postJson } from "@/lib/http/api-client";
import type { Paged } from "@/lib/http/paging";
import type { ApiAuditEvent, exchangeChart } from "@/lib/audit/log";
import type { explainToken } from "./explain";
import type { ApiIntegration } from "./integrations";
import type { CreateIntegrationInput, ExplainInput, HealthRecord, TemplateId, UpdateIntegrationInput, VerifyResult } from "./schema";
import type { TEMPLATES } from "./templates";

export type { ApiAuditEvent, ApiIntegration, HealthRecord, VerifyResult };
export type Template = (typeof TEMPLATES)[TemplateId];
export type TemplateField = Template["fields"][number];
export type TemplatePreset = Template["presets"][number];
/** List and detail responses add the exchange figures to the integration. */
export type IntegrationWithActivity = ApiIntegration & {
  last_success: string | null;
  failures_24h: number;
  /** Keys it minted that still work (not revoked, not expired). */
  active_keys: number;
  /** Other enabled integrations with the same issuer and client ID (exchanges from the issuer fail as ambiguous). */
  conflicts: { guid: string; name: string }[];
};
export type ActivityWindow = "24h" | "7d";
export type ExchangeChart = Awaited<ReturnType<typeof exchangeChart>>;
export type IntegrationActivity = { chart: ExchangeChart; recent: ApiAuditEvent[] };
export type ExplainResult = Awaited<ReturnType<typeof explainToken>>;
export type CheckResult = ExplainResult["checks"][number];

/** Rows per page of the Integrations page. */
export const INTEGRATIONS_PAGE_SIZE = 25;

/** How many recent attempts the activity endpoint returns. */
export { RECENT_ATTEMPTS } from "./schema";

const BASE = "/__api__/v1/oauth";
const integrationUrl = (guid: string) => `${BASE}/integrations/${encodeURIComponent(guid)}`;

export const federationKeys = {
  all: ["federation"] as const,
  templates: () => [...federationKeys.all, "templates"] as const,
  integrations: () => [...federationKeys.all, "integrations"] as const,
  list: () => [...federationKeys.integrations(), "list"] as const,
  page: (page: number) => [...federationKeys.list(), page] as const,
  detail: (guid: string) => [...federationKeys.integrations(), "detail", guid] as const,
  activity: (guid: string, window: ActivityWindow) => [...federationKeys.integrations(), "activity", guid, window] as const,
};

export const federationQueries = {
  templates: () =>
    queryOptions({
      queryKey: federationKeys.templates(),
      queryFn: () => apiFetch<Template[]>(`${BASE}/templates`),
      staleTime: Infinity,
    }),
  /** One page of the Integrations page's table. */
  page: (page: number) =>
    queryOptions({
      queryKey: federationKeys.page(page),
      queryFn: () =>
        apiFetch<Paged<IntegrationWithActivity>>(`${BASE}/integrations?page_number=${page}&page_size=${INTEGRATIONS_PAGE_SIZE}`),
    }),
  detail: (guid: string) =>
    queryOptions({ queryKey: federationKeys.detail(guid), queryFn: () => apiFetch<IntegrationWithActivity>(integrationUrl(guid)) }),
  activity: (guid: string, window: ActivityWindow) =>
    queryOptions({
      queryKey: federationKeys.activity(guid, window),
      queryFn: () => apiFetch<IntegrationActivity>(`${integrationUrl(guid)}/activity?window=${window}`),
      // Exchanges happen elsewhere: refresh when the administrator comes back to the tab.
      staleTime: 10_000,
    }),
};

export const createIntegrationMutation = () =>
  mutationOptions({
    mutationKey: [...federationKeys.all, "create"],
    mutationFn: (input: CreateIntegrationInput) => postJson<ApiIntegration>(`${BASE}/integrations`, input),
    onSuccess: (_created, _input, _result, { client }) => client.invalidateQueries({ queryKey: federationKeys.integrations() }),
  });

export const updateIntegrationMutation = (guid: string) =>
  mutationOptions({
    mutationKey: [...federationKeys.all, "update", guid],
    mutationFn: (patch: UpdateIntegrationInput) => apiFetch<ApiIntegration>(integrationUrl(guid), { method: "PATCH", body: patch }),
    onSuccess: (updated, _patch, _result, { client }) => {
      // The PATCH answer lacks the exchange figures: keep the cached ones until the refetch lands.
      client.setQueryData(federationKeys.detail(guid), (old: IntegrationWithActivity | undefined) =>
        old ? { ...old, ...updated } : undefined,
      );
      return client.invalidateQueries({ queryKey: federationKeys.integrations() });
    },
    // Read back on failure too; not awaited: offline, the re-read waits for the connection, and the failure must show now.
    onError: (_error, _patch, _result, { client }) => void client.invalidateQueries({ queryKey: federationKeys.integrations() }),
  });

export const deleteIntegrationMutation = (guid: string) =>
  mutationOptions({
    mutationKey: [...federationKeys.all, "delete", guid],
    mutationFn: () => apiFetch<void>(integrationUrl(guid), { method: "DELETE" }),
    // Only the list: refetching the open detail page's queries would just find it gone.
    onSuccess: (_none, _input, _result, { client }) => client.invalidateQueries({ queryKey: federationKeys.list() }),
  });

/** Revokes every active key the integration minted; answers how many. */
export const revokeIntegrationKeysMutation = (guid: string) =>
  mutationOptions({
    mutationKey: [...federationKeys.all, "revoke-keys", guid],
    mutationFn: () => postJson<{ revoked: number }>(`${integrationUrl(guid)}/revoke_keys`, {}),
    onSuccess: (_result, _input, _context, { client }) => client.invalidateQueries({ queryKey: federationKeys.integrations() }),
  });

/** "Check connection" on a configuration that is not saved yet. */
export const verifyConfigMutation = () =>
  mutationOptions({
    mutationKey: [...federationKeys.all, "verify-config"],
    mutationFn: (input: { template: TemplateId; config: Record<string, unknown> }) =>
      postJson<VerifyResult>(`${BASE}/integrations/verify`, input),
  });

/** The live health check of a saved integration; the server stores it as last_verify. */
export const verifyIntegrationMutation = (guid: string) =>
  mutationOptions({
    mutationKey: [...federationKeys.all, "verify", guid],
    mutationFn: () => postJson<HealthRecord>(`${integrationUrl(guid)}/verify`, {}),
    onSuccess: (result, _input, _context, { client }) => {
      client.setQueryData(federationKeys.detail(guid), (old: IntegrationWithActivity | undefined) =>
        old ? { ...old, last_verify: result } : undefined,
      );
      return client.invalidateQueries({ queryKey: federationKeys.list() });
    },
  });

/** The token debugger: never mints, never changes anything. */
export const explainTokenMutation = () =>
  mutationOptions({
    mutationKey: [...federationKeys.all, "explain"],
    mutationFn: (input: ExplainInput) => postJson<ExplainResult>(`${BASE}/integrations/explain`, input),
  });
