"use client";

import { useSyncExternalStore, type ReactNode } from "react";
import { ThemeProvider as NextThemesProvider, useTheme } from "next-themes";
import { cn } from "./cn";

/**
 * Light, dark or the system's setting (the default), as a class on <html>. next-themes
 * sets the class with an inline script before the page paints, so nothing flashes;
 * under a nonce-based CSP that script needs the request's nonce.
 */
export function ThemeProvider({ nonce, children }: { nonce?: string; children: ReactNode }) {
  return (
    <NextThemesProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      {children}
    </NextThemesProvider>
  );
}

const CHOICES = [
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
  { value: "system", label: "System" },
] as const;

const noSubscription = () => () => {};

/** Three radio buttons; the stored choice is only known in the browser, so none is checked until then. */
export function ThemeSwitch({ className }: { className?: string }) {
  const { theme, setTheme } = useTheme();
  const mounted = useSyncExternalStore(noSubscription, () => true, () => false);
  return (
    <fieldset className={cn("flex items-center gap-2", className)}>
      <legend className="sr-only">Colour theme</legend>
      <span aria-hidden="true" className="text-xs font-medium text-slate-700">
        Theme
      </span>
      <div className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
        {CHOICES.map((choice) => (
          <label
            key={choice.value}
            className={cn(
              "cursor-pointer rounded px-2 py-1 text-xs font-medium text-slate-700 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-600",
              mounted && theme === choice.value ? "bg-slate-100 text-slate-900" : "hover:text-slate-900",
            )}
          >
            <input
              type="radio"
              name="theme"
              value={choice.value}
              className="sr-only"
              checked={mounted ? theme === choice.value : false}
              onChange={() => setTheme(choice.value)}
            />
            {choice.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
