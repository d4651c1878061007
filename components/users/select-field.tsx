"use client";

import { useId, type SelectHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";
import { Label } from "@/components/ui/label";

type SelectFieldProps = SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  hint?: string;
  error?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
};

/** A labelled native select whose hint and error are announced with it (the shape of ui/Field). */
export function SelectField({ label, hint, error, options, id, className, ...select }: SelectFieldProps) {
  const autoId = useId();
  const selectId = id ?? autoId;
  const describedBy = [hint && `${selectId}-hint`, error && `${selectId}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <Label htmlFor={selectId}>{label}</Label>
      {hint && (
        <p id={`${selectId}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <select
        id={selectId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cn(
          "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm",
          "disabled:cursor-not-allowed disabled:bg-slate-100 aria-[invalid=true]:border-red-700",
          className,
        )}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${selectId}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
