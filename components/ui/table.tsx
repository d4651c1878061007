import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

/**
 * A data table in a card. With `fold`, below 40rem each row folds into a block of
 * lines, each under its column's name (give each TD its `label`; app/globals.css
 * does the folding). Without it, a wide table scrolls sideways inside its own
 * region, which is focusable so the keyboard can scroll it too.
 */
export function Table({
  caption,
  children,
  className,
  fold = false,
}: {
  caption: string;
  children: ReactNode;
  className?: string;
  fold?: boolean;
}) {
  return (
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      className={cn("relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm", className)}
    >
      <table className={cn("w-full text-left text-sm", fold && "table-fold")}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function THead({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn("bg-slate-100 text-slate-700", className)} {...props} />;
}

export function TH({ className, scope = "col", ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope={scope} className={cn("px-4 py-2 font-medium whitespace-nowrap", className)} {...props} />;
}

export function TR({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("border-t border-slate-200", className)} {...props} />;
}

/** `label`: the column's name, shown above the value when a folded table is narrow. */
export function TD({ className, label, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { label?: string }) {
  return <td data-label={label} className={cn("px-4 py-2 align-top", className)} {...props} />;
}
