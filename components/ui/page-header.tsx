import type { ReactNode } from "react";

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-6 space-y-1">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      {children && <p className="max-w-prose text-slate-700">{children}</p>}
    </div>
  );
}
