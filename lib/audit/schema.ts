import { z } from "zod";
import "@/lib/validation/messages";
import { MAX_ROW_ID } from "@/lib/validation/row-id";

export const OUTCOMES = ["success", "failure"] as const;

export const auditQuerySchema = z.object({
  integration: z.string().trim().max(64).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  reason: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  user: z.string().trim().max(64).optional(),
  from: z.iso.datetime({ offset: true, error: "must be an ISO 8601 time" }).optional(),
  to: z.iso.datetime({ offset: true, error: "must be an ISO 8601 time" }).optional(),
  cursor: z.coerce.number().int().min(1).max(MAX_ROW_ID).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

export const EXPORT_FORMATS = ["csv", "json"] as const;

/** An export: the log's filters, without paging (the export pages itself). */
export const auditExportQuerySchema = auditQuerySchema
  .omit({ cursor: true, limit: true })
  .extend({ format: z.enum(EXPORT_FORMATS, "must be csv or json").default("csv") });
export type AuditFilterQuery = Omit<AuditQuery, "cursor" | "limit">;

export const statsQuerySchema = z.object({
  window: z.enum(["24h", "7d"]).default("24h"),
});
