import type { HTMLAttributes } from "react";
import { cn } from "./cn";

const TONES = {
  error: "border-red-300 bg-red-50 text-red-900",
  warning: "border-amber-300 bg-amber-50 text-amber-950",
  info: "border-blue-300 bg-blue-50 text-blue-900",
} as const;

type AlertProps = HTMLAttributes<HTMLDivElement> & { tone?: keyof typeof TONES };

/** Errors and warnings are announced as they appear (role="alert"); info waits its turn (role="status"). */
export function Alert({ tone = "error", className, ...props }: AlertProps) {
  return (
    <div
      role={tone === "info" ? "status" : "alert"}
      className={cn("rounded-md border px-4 py-3 text-sm", TONES[tone], className)}
      {...props}
    />
  );
}
