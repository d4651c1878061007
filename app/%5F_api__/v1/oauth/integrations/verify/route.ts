import { route, json, readJson, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { verifyConfig } from "@/lib/federation/health";
import { verifyConfigSchema } from "@/lib/federation/schema";

// "Check connection" for a configuration that is not saved yet.
export const POST = route(async (req) => {
  await requireCaller(req, "administrator");
  return json(await verifyConfig(await readJson(req, verifyConfigSchema)));
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
