import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { DashboardShell, ShellHeader } from "@/components/dashboard/dashboard-shell";
import { buttonClasses } from "@/components/ui/button";
import { ThemeSwitch } from "@/components/ui/theme";
import { currentUser, hasRole } from "@/lib/auth/caller";

export const metadata: Metadata = { title: "Page not found" };

const linkClasses = "font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900";

/** Every unknown address: inside the dashboard for a signed-in person, with a way back either way. */
export default async function NotFound() {
  // A broken session cookie must not turn the 404 into a 500.
  const user = await currentUser().catch(() => null);
  const message = (
    <div className="max-w-prose space-y-4">
      <p className="text-sm font-semibold tracking-wide text-blue-800 uppercase">Error 404</p>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Page not found</h1>
      <p className="text-slate-700">
        Nothing lives at this address. It may have been mistyped, or the item it pointed to (an integration, a content item)
        was deleted.
      </p>
      <p>
        <Link href="/" className={buttonClasses("primary")}>
          {user ? "Back to the dashboard" : "Go to sign in"}
        </Link>
      </p>
    </div>
  );
  if (user) {
    return (
      <DashboardShell user={{ username: user.username, role: user.userRole, isAdministrator: hasRole(user, "administrator") }}>
        {message}
      </DashboardShell>
    );
  }
  return <SignedOutShell>{message}</SignedOutShell>;
}

function SignedOutShell({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <ShellHeader>
        <div className="flex flex-wrap items-center gap-4">
          <nav aria-label="Main">
            <Link href="/login" className={linkClasses}>
              Sign in
            </Link>
          </nav>
          <ThemeSwitch />
        </div>
      </ShellHeader>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-10 sm:px-6">
        {children}
      </main>
    </div>
  );
}
