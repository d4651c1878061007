import { route, json, readJson, readQuery, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { pageOf } from "@/lib/http/paging";
import { createContentSchema, listContentQuerySchema } from "@/lib/content/schema";
import { apiContentOf, createContent, listApiContent, pageApiContent } from "@/lib/content/service";
import { publicBase } from "@/lib/content/urls";

// A plain array, as Connect answers its clients; `page_number` or `page_size` asks
// for one page instead ({results, current_page, total}).
export const GET = route(async (req) => {
  const { user } = await requireCaller(req);
  const q = readQuery(req, listContentQuerySchema);
  const page = pageOf(q);
  return json(page ? await pageApiContent(user, q, page, publicBase(req)) : await listApiContent(user, q, publicBase(req)));
});

export const POST = route(async (req) => {
  const caller = await requireCaller(req, "publisher");
  const input = await readJson(req, createContentSchema);
  const content = await createContent(caller.user, input, { userId: caller.user.id, ip: caller.ip });
  return json(await apiContentOf(caller.user, content, publicBase(req)), 201);
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
