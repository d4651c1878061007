import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { ThemeSwitch } from "@/components/ui/theme";

/** The signed-out pages: one centred card under the product name. */
export function AuthShell({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-12 sm:items-center">
      <div className="w-full max-w-md space-y-6">
        <p className="text-center text-sm font-semibold tracking-wide text-blue-800 uppercase">Identity Federation</p>
        <Card className="space-y-6">
          <div className="space-y-2">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
            {description && <div className="text-sm text-slate-700">{description}</div>}
          </div>
          {children}
        </Card>
        <ThemeSwitch className="justify-center" />
      </div>
    </main>
  );
}
