"use client";

import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "./cn";

export type TabItem = { id: string; label: string; panel: ReactNode };

/**
 * The WAI-ARIA tabs pattern: one tab stop for the list (arrow keys, Home and End
 * move and select), each panel labelled by its tab and focusable. Every panel
 * stays mounted, so a half-filled form survives a look at another tab.
 */
export function Tabs({
  label,
  tabs,
  selected,
  onSelect,
}: {
  label: string;
  tabs: TabItem[];
  selected: string;
  onSelect: (id: string) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const index = Math.max(0, tabs.findIndex((t) => t.id === selected));

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const last = tabs.length - 1;
    // From the focused tab: the selection may not have re-rendered yet after a quick key before this one.
    const focused = tabs.findIndex((t) => `tab-${t.id}` === (event.target as HTMLElement).id);
    const from = focused === -1 ? index : focused;
    const next = { ArrowRight: from === last ? 0 : from + 1, ArrowLeft: from === 0 ? last : from - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    onSelect(tabs[next].id);
    list.current?.querySelector<HTMLElement>(`#tab-${tabs[next].id}`)?.focus();
  }

  return (
    <div className="space-y-6">
      {/* Scrolls sideways on a narrow screen instead of widening the page. */}
      <div
        ref={list}
        role="tablist"
        aria-label={label}
        onKeyDown={onKeyDown}
        className="flex overflow-x-auto border-b border-slate-300"
      >
        {tabs.map((tab, i) => (
          <button
            key={tab.id}
            id={`tab-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={i === index}
            aria-controls={`panel-${tab.id}`}
            tabIndex={i === index ? 0 : -1}
            onClick={() => onSelect(tab.id)}
            className={cn(
              "-mb-px min-h-11 shrink-0 border-b-2 px-3 text-sm font-medium whitespace-nowrap focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:outline-none focus-visible:ring-inset",
              i === index ? "border-blue-700 text-blue-800" : "border-transparent text-slate-700 hover:border-slate-400 hover:text-slate-900",
            )}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab, i) => (
        <div
          key={tab.id}
          id={`panel-${tab.id}`}
          role="tabpanel"
          aria-labelledby={`tab-${tab.id}`}
          tabIndex={0}
          hidden={i !== index}
          className="space-y-8 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-4"
        >
          {tab.panel}
        </div>
      ))}
    </div>
  );
}
