import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Providers } from "@/app/providers";
import { DashboardShell } from "@/components/dashboard/dashboard-shell";
import { currentUser, hasRole } from "@/lib/auth/caller";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  return (
    <Providers>
      <DashboardShell
        user={{ username: user.username, role: user.userRole, isAdministrator: hasRole(user, "administrator") }}
      >
        {children}
      </DashboardShell>
    </Providers>
  );
}
