import type { ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

type SwitchProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "role" | "onChange" | "type"> & {
  checked: boolean;
  /** A change is being saved: presses are ignored, but the switch stays enabled so the keyboard keeps its place. */
  pending?: boolean;
  onCheckedChange?: (checked: boolean) => void;
};

/** An on/off control (role="switch"): Space and Enter toggle it, as for any button. Label it with aria-labelledby. */
export function Switch({ checked, pending = false, onCheckedChange, className, disabled, ...props }: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-busy={pending || undefined}
      disabled={disabled}
      onClick={() => !pending && onCheckedChange?.(!checked)}
      className={cn(
        "relative inline-flex h-7 w-12 shrink-0 items-center rounded-full border-2 border-transparent transition-colors",
        checked ? "bg-blue-700" : "bg-slate-500",
        pending && "cursor-progress opacity-70",
        disabled && "cursor-not-allowed opacity-60",
        className,
      )}
      {...props}
    >
      <span
        aria-hidden="true"
        className={cn(
          "inline-block size-6 rounded-full bg-white shadow transition-transform",
          checked ? "translate-x-5" : "translate-x-0",
        )}
      />
    </button>
  );
}
