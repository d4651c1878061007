import { route, json, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { verifyIntegration } from "@/lib/federation/health";

export const POST = route<{ guid: string }>(async (req, { params }) => {
  await requireCaller(req, "administrator");
  return json(await verifyIntegration((await params).guid));
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
