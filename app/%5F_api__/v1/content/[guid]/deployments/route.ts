import { route, json, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { deployHistory } from "@/lib/content/deploy";

type Params = { guid: string };

/** This server's own addition (Connect has no such endpoint): the deploy history of one item. */
export const GET = route<Params>(async (req, { params }) => {
  const { user } = await requireCaller(req);
  return json(await deployHistory(user, (await params).guid));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
