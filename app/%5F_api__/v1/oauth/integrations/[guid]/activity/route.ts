import { route, json, readQuery, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { statsQuerySchema } from "@/lib/audit/schema";
import { integrationExchanges } from "@/lib/federation/overview";

// The integration page's chart and recent attempts.
export const GET = route<{ guid: string }>(async (req, { params }) => {
  await requireCaller(req, "administrator");
  const { window } = readQuery(req, statsQuerySchema);
  return json(await integrationExchanges((await params).guid, window));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
