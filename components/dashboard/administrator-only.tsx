import type { ReactNode } from "react";
import { currentUser, hasRole } from "@/lib/auth/caller";
import { Card } from "@/components/ui/card";

/**
 * Renders a System page's content for administrators only. Checked in the page,
 * not a layout: layouts are not re-rendered on client navigation.
 */
export async function AdministratorOnly({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (user && hasRole(user, "administrator")) return children;
  return (
    <Card className="border-amber-300 bg-amber-50">
      <h1 className="text-xl font-semibold text-amber-950">You need administrator rights</h1>
      <p className="mt-2 max-w-prose text-sm text-amber-950">
        System pages are only for administrators. Ask an administrator of this server to change your role if you need
        access.
      </p>
    </Card>
  );
}
