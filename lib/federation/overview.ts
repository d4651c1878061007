// What the integration pages and the API show about integrations: each one with
// its activity figures, and its recent exchanges. One place, used by both.
import { activityOf, exchangeChart, integrationActivity, listAuditEvents } from "@/lib/audit/log";
import { getIntegration, listIntegrations, toApiIntegration, type LoadedIntegration } from "./integrations";
import { RECENT_ATTEMPTS } from "./schema";

function withActivity(i: LoadedIntegration, activity: Awaited<ReturnType<typeof integrationActivity>>) {
  return { ...toApiIntegration(i), ...activityOf(activity, i.id) };
}
export type IntegrationOverview = ReturnType<typeof withActivity>;

export async function listIntegrationOverviews(): Promise<IntegrationOverview[]> {
  const [integrations, activity] = await Promise.all([listIntegrations(), integrationActivity()]);
  return integrations.map((i) => withActivity(i, activity));
}

export async function integrationOverview(guidOrLoaded: string | LoadedIntegration): Promise<IntegrationOverview> {
  const [integration, activity] = await Promise.all([
    typeof guidOrLoaded === "string" ? getIntegration(guidOrLoaded) : guidOrLoaded,
    integrationActivity(),
  ]);
  return withActivity(integration, activity);
}

/** Exchanges over time by outcome, and the recent attempts with their reason codes. */
export async function integrationExchanges(guidOrLoaded: string | LoadedIntegration, window: "24h" | "7d") {
  const integration = typeof guidOrLoaded === "string" ? await getIntegration(guidOrLoaded) : guidOrLoaded;
  const [chart, recent] = await Promise.all([
    exchangeChart(integration.id, window),
    listAuditEvents({ integration: integration.guid, action: "federation.exchange", limit: RECENT_ATTEMPTS }),
  ]);
  return { chart, recent: recent.results };
}
