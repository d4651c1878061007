import { route, readQuery, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { auditExportStream } from "@/lib/audit/export";
import { auditExportQuerySchema } from "@/lib/audit/schema";

const CONTENT_TYPES = { csv: "text/csv; charset=utf-8", json: "application/json" } as const;

export const GET = route(async (req) => {
  await requireCaller(req, "administrator");
  const { format, ...filters } = readQuery(req, auditExportQuerySchema);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "");
  return new Response(auditExportStream(filters, format), {
    headers: {
      "content-type": CONTENT_TYPES[format],
      "content-disposition": `attachment; filename="audit-${stamp}.${format}"`,
      "cache-control": "no-store",
    },
  });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
