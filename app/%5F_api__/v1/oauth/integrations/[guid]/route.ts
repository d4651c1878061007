import { route, json, readJson } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { deleteIntegration, getIntegration, toApiIntegration, updateIntegration } from "@/lib/federation/integrations";
import { updateIntegrationSchema } from "@/lib/federation/schema";
import { activityOf, integrationActivity } from "@/lib/audit/log";

type Params = { guid: string };

export const GET = route<Params>(async (req, { params }) => {
  await requireCaller(req, "publisher");
  const [integration, activity] = await Promise.all([getIntegration((await params).guid), integrationActivity()]);
  return json({ ...toApiIntegration(integration), ...activityOf(activity, integration.id) });
});

export const PATCH = route<Params>(async (req, { params }) => {
  const caller = await requireCaller(req, "administrator");
  const input = await readJson(req, updateIntegrationSchema);
  const updated = await updateIntegration((await params).guid, input, { userId: caller.user.id, ip: caller.ip });
  return json(toApiIntegration(updated));
});

export const DELETE = route<Params>(async (req, { params }) => {
  const caller = await requireCaller(req, "administrator");
  await deleteIntegration((await params).guid, { userId: caller.user.id, ip: caller.ip });
  return new Response(null, { status: 204 });
});
