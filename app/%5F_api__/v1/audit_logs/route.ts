import { route, json, readQuery, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { listAuditEvents } from "@/lib/audit/log";
import { auditQuerySchema } from "@/lib/audit/schema";

export const GET = route(async (req) => {
  await requireCaller(req, "administrator");
  return json(await listAuditEvents(readQuery(req, auditQuerySchema)));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
