import { route, json, readJson, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { explainToken } from "@/lib/federation/explain";
import { explainSchema } from "@/lib/federation/schema";

export const POST = route(async (req) => {
  await requireCaller(req, "administrator");
  return json(await explainToken(await readJson(req, explainSchema)));
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
