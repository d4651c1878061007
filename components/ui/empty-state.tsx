import type { ReactNode } from "react";
import { Card } from "./card";

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card className="border-dashed text-center">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      <div className="mx-auto mt-2 max-w-prose space-y-2 text-sm text-slate-700">{children}</div>
    </Card>
  );
}
