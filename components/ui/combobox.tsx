"use client";

import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { useQuery, type QueryKey } from "@tanstack/react-query";
import { cn } from "./cn";
import { Label } from "./label";

export type ComboboxOption = { value: string; label: string };

type ComboboxProps = {
  label: string;
  /**
   * The chosen option's value is submitted under this name ("" when none is chosen), and
   * what was typed under `${name}_text`, so a form can tell "none" from "typed, not chosen".
   */
  name: string;
  initial?: ComboboxOption;
  /** The options matching what was typed, asked of the server (at most a page of them). */
  optionsFor: (text: string) => { queryKey: QueryKey; queryFn: () => Promise<ComboboxOption[]>; staleTime?: number };
  placeholder?: string;
  hint?: string;
  error?: string;
};

/** Waits until typing pauses, so a search runs once per word rather than per key. */
function useSettled(value: string, ms = 200): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A text box that searches as one types and offers the matches as a list (the
 * ARIA combobox pattern): arrows move through them, Enter or a click chooses one,
 * Escape closes the list. For choices too many to list in a select.
 */
export function Combobox({ label, name, initial, optionsFor, placeholder, hint, error }: ComboboxProps) {
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState(initial?.label ?? "");
  const [chosen, setChosen] = useState<ComboboxOption | undefined>(initial);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = text.trim();
  const settled = useSettled(typed);
  const { queryKey, queryFn, staleTime } = optionsFor(settled);
  const options = useQuery({ queryKey, queryFn, staleTime, enabled: open });
  // Only the matches for what the box holds now: until typing settles, the last search's
  // matches are for other text, and arrows and Enter must not choose among them.
  const current = settled === typed;
  const list = current ? (options.data ?? []) : [];

  function choose(option: ComboboxOption) {
    setChosen(option);
    setText(option.label);
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      if (list.length) setActive((a) => (event.key === "ArrowDown" ? (a + 1) % list.length : (a <= 0 ? list.length : a) - 1));
    } else if (event.key === "Enter" && open && active >= 0 && list[active]) {
      event.preventDefault(); // choosing, not submitting the form
      choose(list[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  }

  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  const status = !current || options.isFetching ? "Searching…" : options.error ? `Could not search: ${options.error.message}` : list.length ? "" : "No matches";
  return (
    <div className="relative space-y-1">
      <Label htmlFor={id}>{label}</Label>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <input type="hidden" name={name} value={chosen?.value ?? ""} />
      <input
        id={id}
        name={`${name}_text`}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setChosen(undefined);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        className={cn(
          "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm",
          "aria-[invalid=true]:border-red-700",
        )}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={`${label} matches`}
        className={cn(
          "absolute z-10 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-300 bg-white py-1 shadow-lg",
          !open && "hidden",
        )}
      >
        {list.map((option, i) => (
          <li
            key={option.value}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            // mousedown, not click: the input's blur would close the list first.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(option);
            }}
            className={cn("cursor-pointer px-3 py-2 text-sm text-slate-900", i === active ? "bg-blue-100" : "hover:bg-slate-100")}
          >
            {option.label}
          </li>
        ))}
        {status ? (
          <li role="presentation" className="px-3 py-2 text-sm text-slate-600">
            {status}
          </li>
        ) : null}
      </ul>
      {error && (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
