import { route, json, readJson } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { createIntegration, listIntegrations, toApiIntegration } from "@/lib/federation/integrations";
import { createIntegrationSchema } from "@/lib/federation/schema";
import { activityOf, integrationActivity } from "@/lib/audit/log";

export const GET = route(async (req) => {
  await requireCaller(req, "publisher");
  const [integrations, activity] = await Promise.all([listIntegrations(), integrationActivity()]);
  return json(integrations.map((i) => ({ ...toApiIntegration(i), ...activityOf(activity, i.id) })));
});

export const POST = route(async (req) => {
  const caller = await requireCaller(req, "administrator");
  const input = await readJson(req, createIntegrationSchema);
  const created = await createIntegration(input, { userId: caller.user.id, ip: caller.ip });
  return json(toApiIntegration(created), 201);
});
