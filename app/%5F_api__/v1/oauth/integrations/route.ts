import { route, json, readJson, readQuery, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { pageOf } from "@/lib/http/paging";
import { createIntegration, toApiIntegration } from "@/lib/federation/integrations";
import { listIntegrationOverviews, pageIntegrationOverviews } from "@/lib/federation/overview";
import { createIntegrationSchema, listIntegrationsQuerySchema } from "@/lib/federation/schema";

// A plain array of every integration, as Connect answers its clients; `page_number`
// or `page_size` asks for one page instead ({results, current_page, total}).
export const GET = route(async (req) => {
  await requireCaller(req, "publisher");
  const q = readQuery(req, listIntegrationsQuerySchema);
  const page = pageOf(q);
  return json(page ? await pageIntegrationOverviews({ prefix: q.prefix, page }) : await listIntegrationOverviews({ prefix: q.prefix }));
});

export const POST = route(async (req) => {
  const caller = await requireCaller(req, "administrator");
  const input = await readJson(req, createIntegrationSchema);
  const created = await createIntegration(input, { userId: caller.user.id, ip: caller.ip });
  return json(toApiIntegration(created), 201);
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
