// What the integration pages and the API show about integrations: each one with
// its activity figures, and its recent exchanges. One place, used by both. Every
// figure is read for the listed integrations only, through indexes
// (lib/db/integration-list.ts): a page costs the same with a year of history.
import { exchangeChart, listAuditEvents } from "@/lib/audit/log";
import { config } from "@/lib/config/env";
import { db } from "@/lib/db";
import { integrationFigures, type IntegrationFigures } from "@/lib/db/integration-list";
import type { Page, Paged } from "@/lib/http/paging";
import {
  conflictsOf,
  enabledIntegrations,
  findIntegrations,
  getIntegration,
  toApiIntegration,
  type EnabledIndex,
  type LoadedIntegration,
} from "./integrations";
import { RECENT_ATTEMPTS } from "./schema";

const DAY_MS = 24 * 3600_000;
const NO_FIGURES: IntegrationFigures = { lastSuccess: null, failuresSince: 0, activeKeys: 0 };

function withFigures(i: LoadedIntegration, figures: IntegrationFigures, enabled: EnabledIndex) {
  return {
    ...toApiIntegration(i),
    last_success: figures.lastSuccess,
    failures_24h: figures.failuresSince,
    // Keys it minted that still work: what "revoke its keys" would revoke now.
    active_keys: figures.activeKeys,
    // As the exchange sees them (its cache): enabled integrations it cannot tell this one apart from.
    conflicts: conflictsOf(i, enabled),
  };
}
export type IntegrationOverview = ReturnType<typeof withFigures>;

async function overviewsOf(integrations: LoadedIntegration[]): Promise<IntegrationOverview[]> {
  const ids = integrations.map((i) => i.id);
  const [figures, enabled] = await Promise.all([
    integrationFigures(db, config().provider, ids, new Date(Date.now() - DAY_MS)),
    enabledIntegrations(),
  ]);
  return integrations.map((i) => withFigures(i, figures.get(i.id) ?? NO_FIGURES, enabled));
}

/** Every integration (what Connect's clients read), or those whose name starts with `prefix`. */
export async function listIntegrationOverviews(q: { prefix?: string } = {}): Promise<IntegrationOverview[]> {
  return overviewsOf((await findIntegrations(q)).rows);
}

/** One page of the list, in creation order, in the shape of Connect's paged lists. */
export async function pageIntegrationOverviews(q: { prefix?: string; page: Page }): Promise<Paged<IntegrationOverview>> {
  const { rows, total } = await findIntegrations(q);
  return { results: await overviewsOf(rows), current_page: q.page.number, total };
}

export async function integrationOverview(guidOrLoaded: string | LoadedIntegration): Promise<IntegrationOverview> {
  const integration = typeof guidOrLoaded === "string" ? await getIntegration(guidOrLoaded) : guidOrLoaded;
  const [overview] = await overviewsOf([integration]);
  return overview;
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
