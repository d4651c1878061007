import { route, json, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { TEMPLATES } from "@/lib/federation/templates";

export const GET = route(async (req) => {
  await requireCaller(req, "publisher");
  return json(Object.values(TEMPLATES));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
