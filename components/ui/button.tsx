import type { ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

const VARIANTS = {
  primary: "bg-blue-700 text-white hover:bg-blue-800 disabled:bg-blue-700/60",
  secondary: "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 disabled:text-slate-600",
  ghost: "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
  /** For what cannot be undone or stops something working: revoke, delete, lock. */
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-red-700/60",
} as const;

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof VARIANTS };

export function buttonClasses(variant: keyof typeof VARIANTS = "primary", className?: string) {
  return cn(
    "inline-flex min-h-10 items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed",
    VARIANTS[variant],
    className,
  );
}

export function Button({ variant = "primary", type = "button", className, ...props }: ButtonProps) {
  // React focuses `autoFocus` itself, before a <dialog> opens; the attribute lets Dialog focus it once open.
  return <button type={type} className={buttonClasses(variant, className)} data-autofocus={props.autoFocus ? "" : undefined} {...props} />;
}
