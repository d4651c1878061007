import { route, json, readJson, readQuery, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { applicationsQuerySchema, createContentSchema } from "@/lib/content/schema";
import { createContent } from "@/lib/content/service";
import { apiApplicationOf, listApiApplications } from "@/lib/content/applications";
import { publicBase } from "@/lib/content/urls";

// Connect's legacy content API (rsconnect for R 0.8, and current clients looking up a deployment).
export const GET = route(async (req) => {
  const { user } = await requireCaller(req);
  return json(await listApiApplications(user, readQuery(req, applicationsQuerySchema, ["filter"]), publicBase(req)));
});

export const POST = route(async (req) => {
  const caller = await requireCaller(req, "publisher");
  const input = await readJson(req, createContentSchema);
  const content = await createContent(caller.user, input, { userId: caller.user.id, ip: caller.ip });
  return json(await apiApplicationOf(content, publicBase(req)));
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
