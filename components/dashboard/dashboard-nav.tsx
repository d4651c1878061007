"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { NAV_SECTIONS } from "./nav-items";

export function DashboardNav({ isAdministrator }: { isAdministrator: boolean }) {
  const pathname = usePathname();
  const sections = NAV_SECTIONS.filter((s) => !s.adminOnly || isAdministrator);
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-x-8 gap-y-4 md:flex-col">
      {sections.map((section) => (
        <div key={section.label} className="space-y-1">
          <h2 id={`nav-${section.label}`} className="px-3 text-xs font-semibold tracking-wide text-slate-600 uppercase">
            {section.label}
          </h2>
          <ul aria-labelledby={`nav-${section.label}`} className="flex flex-wrap gap-1 md:flex-col">
            {section.items.map((item) => {
              const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={current ? "page" : undefined}
                    className={cn(
                      "block rounded-md px-3 py-2 text-sm font-medium",
                      current ? "bg-blue-50 text-blue-800" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
                    )}
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
