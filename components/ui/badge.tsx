import type { HTMLAttributes } from "react";
import { cn } from "./cn";

const TONES = {
  neutral: "bg-slate-100 text-slate-800",
  success: "bg-emerald-100 text-emerald-900",
  danger: "bg-red-100 text-red-900",
  warning: "bg-amber-100 text-amber-950",
  info: "bg-blue-100 text-blue-900",
} as const;

export type BadgeTone = keyof typeof TONES;

/** A short status label; the text carries the meaning, the colour only repeats it. */
export function Badge({ tone = "neutral", className, ...props }: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return (
    <span
      className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap", TONES[tone], className)}
      {...props}
    />
  );
}
