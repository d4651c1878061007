import { route, json, readJson, readQuery, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { createContentSchema, listContentQuerySchema } from "@/lib/content/schema";
import { apiContentOf, createContent, listApiContent } from "@/lib/content/service";
import { publicBase } from "@/lib/content/urls";

export const GET = route(async (req) => {
  const { user } = await requireCaller(req);
  return json(await listApiContent(user, readQuery(req, listContentQuerySchema), publicBase(req)));
});

export const POST = route(async (req) => {
  const caller = await requireCaller(req, "publisher");
  const input = await readJson(req, createContentSchema);
  const content = await createContent(caller.user, input, { userId: caller.user.id, ip: caller.ip });
  return json(await apiContentOf(caller.user, content, publicBase(req)), 201);
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
