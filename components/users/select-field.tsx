"use client";

import { useId, type SelectHTMLAttributes } from "react";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

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
      <Select id={selectId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={className} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
      {error && (
        <p id={`${selectId}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
