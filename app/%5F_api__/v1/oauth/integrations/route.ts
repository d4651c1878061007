import { route, json, readJson, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { createIntegration, toApiIntegration } from "@/lib/federation/integrations";
import { listIntegrationOverviews } from "@/lib/federation/overview";
import { createIntegrationSchema } from "@/lib/federation/schema";

export const GET = route(async (req) => {
  await requireCaller(req, "publisher");
  return json(await listIntegrationOverviews());
});

export const POST = route(async (req) => {
  const caller = await requireCaller(req, "administrator");
  const input = await readJson(req, createIntegrationSchema);
  const created = await createIntegration(input, { userId: caller.user.id, ip: caller.ip });
  return json(toApiIntegration(created), 201);
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
