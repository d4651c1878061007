import { route, json, readJson, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { deleteIntegration, toApiIntegration, updateIntegration } from "@/lib/federation/integrations";
import { integrationOverview } from "@/lib/federation/overview";
import { updateIntegrationSchema } from "@/lib/federation/schema";

type Params = { guid: string };

export const GET = route<Params>(async (req, { params }) => {
  await requireCaller(req, "publisher");
  return json(await integrationOverview((await params).guid));
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

export const { POST, PUT } = otherMethods("GET", "PATCH", "DELETE");
