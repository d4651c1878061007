import { cn } from "./cn";

/** A grey placeholder block where content is about to appear. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-slate-200 motion-reduce:animate-none", className)} />;
}

const WIDTHS = ["w-2/3", "w-1/2", "w-3/4", "w-2/5"];

/** A list or table loading: grey rows shaped like the table, and the label for screen readers. */
export function TableSkeleton({ label, rows = 4, className }: { label: string; rows?: number; className?: string }) {
  return (
    <div role="status" className={className}>
      <span className="sr-only">{label}</span>
      <div aria-hidden="true" className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
        <div className="flex gap-4 bg-slate-100 px-4 py-3">
          <Skeleton className="h-3 w-24 bg-slate-300" />
          <Skeleton className="hidden h-3 w-24 bg-slate-300 sm:block" />
          <Skeleton className="h-3 w-16 bg-slate-300" />
        </div>
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="flex items-center gap-4 border-t border-slate-200 px-4 py-3">
            <Skeleton className={cn("h-4 flex-1", WIDTHS[i % WIDTHS.length])} />
            <Skeleton className="hidden h-4 flex-1 sm:block" />
            <Skeleton className="h-4 w-16" />
          </div>
        ))}
      </div>
    </div>
  );
}

/** Cards loading (a form, a detail page): a title line and a few text lines each. */
export function CardsSkeleton({ label, cards = 2, className }: { label: string; cards?: number; className?: string }) {
  return (
    <div role="status" className={cn("space-y-6", className)}>
      <span className="sr-only">{label}</span>
      {Array.from({ length: cards }, (_, i) => (
        <div key={i} aria-hidden="true" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <Skeleton className="h-5 w-1/3" />
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-2/3" />
        </div>
      ))}
    </div>
  );
}
