import { route, json, readQuery } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { exchangeChart, listAuditEvents } from "@/lib/audit/log";
import { statsQuerySchema } from "@/lib/audit/schema";
import { getIntegration } from "@/lib/federation/integrations";

// The integration page's chart and recent attempts.
export const GET = route<{ guid: string }>(async (req, { params }) => {
  await requireCaller(req, "administrator");
  const integration = await getIntegration((await params).guid);
  const { window } = readQuery(req, statsQuerySchema);
  const [chart, recent] = await Promise.all([
    exchangeChart(integration.id, window),
    listAuditEvents({ integration: integration.guid, action: "federation.exchange", limit: 20 }),
  ]);
  return json({ chart, recent: recent.results });
});
