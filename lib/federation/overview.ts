// What the integration pages and the API show about integrations: each one with
// its activity figures, and its recent exchanges. One place, used by both.
import { activityOf, exchangeChart, integrationActivity, listAuditEvents } from "@/lib/audit/log";
import { countActiveIntegrationKeys } from "@/lib/keys/service";
import {
  conflictsOf,
  enabledIntegrations,
  getIntegration,
  listIntegrations,
  toApiIntegration,
  type EnabledIndex,
  type LoadedIntegration,
} from "./integrations";
import { RECENT_ATTEMPTS } from "./schema";

async function withActivity(i: LoadedIntegration, activity: Awaited<ReturnType<typeof integrationActivity>>, enabled: EnabledIndex) {
  return {
    ...toApiIntegration(i),
    ...activityOf(activity, i.id),
    // Keys it minted that still work: what "revoke its keys" would revoke now.
    active_keys: await countActiveIntegrationKeys(i.id),
    // As the exchange sees them (its cache): enabled integrations it cannot tell this one apart from.
    conflicts: conflictsOf(i, enabled),
  };
}
export type IntegrationOverview = Awaited<ReturnType<typeof withActivity>>;

export async function listIntegrationOverviews(): Promise<IntegrationOverview[]> {
  const [integrations, activity, enabled] = await Promise.all([listIntegrations(), integrationActivity(), enabledIntegrations()]);
  return Promise.all(integrations.map((i) => withActivity(i, activity, enabled)));
}

export async function integrationOverview(guidOrLoaded: string | LoadedIntegration): Promise<IntegrationOverview> {
  const [integration, activity, enabled] = await Promise.all([
    typeof guidOrLoaded === "string" ? getIntegration(guidOrLoaded) : guidOrLoaded,
    integrationActivity(),
    enabledIntegrations(),
  ]);
  return withActivity(integration, activity, enabled);
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
