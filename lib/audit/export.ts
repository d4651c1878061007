// The audit log as a file (CSV or JSON) for the filtered view, streamed a page at
// a time so that exporting a long history stays within a page of memory.
import { auditEventPages, type ApiAuditEvent } from "./log";
import type { AuditFilterQuery } from "./schema";
import { changeSummary } from "./summary";

const COLUMNS = [
  "id",
  "time",
  "action",
  "outcome",
  "reason",
  "actor",
  "actor_ip",
  "integration",
  "user",
  "api_key_id",
  "iss",
  "match_value",
  "jti",
  "kid",
  "summary",
  "details",
] as const;

function csvRow(e: ApiAuditEvent): unknown[] {
  const actor = e.actor && "username" in e.actor ? e.actor.username : e.actor ? `#${e.actor.id}` : null;
  return [
    e.id,
    e.time,
    e.action,
    e.outcome,
    e.reason,
    actor,
    e.actor_ip,
    e.integration?.name ?? null,
    e.user?.username ?? null,
    e.api_key_id,
    e.iss,
    e.match_value,
    e.jti,
    e.kid,
    changeSummary(e.details),
    e.details ? JSON.stringify(e.details) : null,
  ];
}

/**
 * One CSV cell. A cell a spreadsheet would run as a formula (starting with = + - @,
 * or a tab or carriage return that hides one) is prefixed with a quote, so that
 * values an outsider chose (a token's claims, a username) stay text.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (cells: readonly unknown[]) => `${cells.map(csvCell).join(",")}\r\n`;

/** The export's body: a CSV with a header row, or a JSON array of the API's events. */
export function auditExportStream(q: AuditFilterQuery, format: "csv" | "json", pageSize?: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = auditEventPages(q, pageSize);
  let started = false;
  let first = true;
  // pull(): the next page is read only when the client has taken the previous one.
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = "";
      if (!started) {
        started = true;
        text = format === "csv" ? csvLine(COLUMNS) : "[";
      }
      const next = await pages.next();
      if (next.done) {
        controller.enqueue(encoder.encode(text + (format === "json" ? "\n]\n" : "")));
        controller.close();
        return;
      }
      for (const e of next.value) {
        if (format === "csv") text += csvLine(csvRow(e));
        else {
          text += `${first ? "" : ","}\n${JSON.stringify({ ...e, summary: changeSummary(e.details) || null })}`;
          first = false;
        }
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}
