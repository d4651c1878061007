"use client";
import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { cn } from "@/components/ui/cn";
import { TableSkeleton } from "@/components/ui/skeleton";
import { contentQueries } from "@/lib/content/queries";
import type { ApiDeployment } from "@/lib/content/tasks";
import { formatTime } from "./format";

function outcome(d: ApiDeployment) {
  if (!d.finished) return { label: "Running", className: "bg-amber-100 text-amber-900" };
  if (d.code === 0) return { label: "Succeeded", className: "bg-emerald-100 text-emerald-900" };
  return { label: `Failed (code ${d.code})`, className: "bg-red-100 text-red-900" };
}

/** The deploys of one content item, newest first, each with its task output. */
export function DeployHistory({ guid }: { guid: string }) {
  const { data, isPending, error } = useQuery(contentQueries.deployments(guid));
  if (isPending) return <TableSkeleton label="Loading deploy history…" rows={2} />;
  if (error) return <Alert>Could not load the deploy history: {error.message}</Alert>;
  if (data.length === 0) return <p className="text-sm text-slate-700">Not deployed yet.</p>;
  return (
    <ol className="space-y-2" aria-label="Deploy history">
      {data.map((d) => {
        const o = outcome(d);
        return (
          <li key={d.task_id} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className={cn("rounded px-2 py-0.5 text-xs font-medium", o.className)}>{o.label}</span>
              <time dateTime={d.started_time}>{formatTime(d.started_time)}</time>
              <span className="text-slate-700">by {d.username ?? "a deleted user"}</span>
              <span className="font-mono text-xs text-slate-600">task {d.task_id}</span>
            </div>
            {d.error ? <p className="mt-1 text-red-800">{d.error}</p> : null}
            <details className="mt-1">
              <summary className="cursor-pointer text-slate-700">Task output ({d.output.length} lines)</summary>
              <pre className="mt-1 overflow-x-auto whitespace-pre-wrap rounded bg-slate-900 p-2 text-xs text-slate-100">
                {d.output.join("\n")}
              </pre>
            </details>
          </li>
        );
      })}
    </ol>
  );
}
