import { route, json, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { getContentFor } from "@/lib/content/service";
import { apiApplicationOf } from "@/lib/content/applications";
import { publicBase } from "@/lib/content/urls";

type Params = { id: string };

/** `id` is the numeric id or the GUID. */
export const GET = route<Params>(async (req, { params }) => {
  const { user } = await requireCaller(req);
  return json(await apiApplicationOf(await getContentFor(user, (await params).id), publicBase(req)));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
