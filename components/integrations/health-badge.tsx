import { formatTime } from "@/components/content/format";
import { Badge } from "@/components/ui/badge";
import type { HealthRecord } from "@/lib/federation/queries";

/** The last live health check's verdict; the time of the check goes with it. A check of an older configuration gives none. */
export function HealthBadge({ lastVerify }: { lastVerify: HealthRecord | null }) {
  if (!lastVerify) return <Badge tone="neutral">Not checked</Badge>;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2">
      {lastVerify.stale ? (
        <Badge tone="warning" title="The configuration changed since this check: run it again.">
          Outdated<span className="sr-only">: the configuration changed since this check</span>
        </Badge>
      ) : (
        <Badge tone={lastVerify.ok ? "success" : "danger"}>{lastVerify.ok ? "Healthy" : "Failing"}</Badge>
      )}
      <span className="text-xs text-slate-600">
        <span className="sr-only">checked </span>
        {formatTime(lastVerify.checked_at)}
      </span>
    </span>
  );
}
