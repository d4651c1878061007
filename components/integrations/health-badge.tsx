import { formatTime } from "@/components/content/format";
import { Badge } from "@/components/ui/badge";
import type { VerifyResult } from "@/lib/federation/queries";

/** The last live health check's verdict; the time of the check goes with it. */
export function HealthBadge({ lastVerify }: { lastVerify: VerifyResult | null }) {
  if (!lastVerify) return <Badge tone="neutral">Not checked</Badge>;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2">
      <Badge tone={lastVerify.ok ? "success" : "danger"}>{lastVerify.ok ? "Healthy" : "Failing"}</Badge>
      <span className="text-xs text-slate-600">
        <span className="sr-only">checked </span>
        {formatTime(lastVerify.checked_at)}
      </span>
    </span>
  );
}
