import Link from "next/link";
import type { ReactNode } from "react";
import { ThemeSwitch } from "@/components/ui/theme";
import { DashboardNav } from "./dashboard-nav";
import { SignOutButton } from "./sign-out-button";

type ShellUser = { username: string; role: string; isAdministrator: boolean };

export function DashboardShell({ user, children }: { user: ShellUser; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-4 py-2 text-sm font-medium text-blue-800 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10"
      >
        Skip to content
      </a>
      <ShellHeader>
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm text-slate-700">
            <span className="sr-only">Signed in as </span>
            <span className="font-medium text-slate-900" data-testid="current-username">
              {user.username}
            </span>{" "}
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 capitalize">
              {user.role}
            </span>
          </p>
          <ThemeSwitch />
          <SignOutButton />
        </div>
      </ShellHeader>
      <div className="mx-auto flex w-full max-w-7xl flex-1 flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row md:gap-10">
        <aside className="md:w-52 md:shrink-0">
          <DashboardNav isAdministrator={user.isAdministrator} />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          {children}
        </main>
      </div>
    </div>
  );
}

/** The page header every shell shares: the product's name, linking home, and what stands on its right. */
export function ShellHeader({ children }: { children: ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
        <Link href="/" className="rounded-sm text-lg font-semibold text-slate-900">
          Identity Federation
        </Link>
        {children}
      </div>
    </header>
  );
}
