import type { SelectHTMLAttributes } from "react";
import { cn } from "./cn";

/** A native select styled like Input; label it with a <Label> or aria-label. */
export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      className={cn(
        "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm",
        "disabled:cursor-not-allowed disabled:bg-slate-100 aria-[invalid=true]:border-red-700",
        className,
      )}
      {...props}
    />
  );
}
