import { Button } from "./button";

type PaginationProps = {
  page: number;
  pageCount: number;
  onPageChange: (page: number) => void;
  /** Names the navigation landmark, e.g. "Users pages". */
  label: string;
  disabled?: boolean;
};

/** Previous / next paging with the current position announced. */
export function Pagination({ page, pageCount, onPageChange, label, disabled }: PaginationProps) {
  const last = Math.max(1, pageCount);
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3">
      <Button variant="secondary" disabled={disabled || page <= 1} onClick={() => onPageChange(page - 1)}>
        Previous<span className="sr-only"> page</span>
      </Button>
      <p className="text-sm text-slate-700" aria-live="polite">
        Page {Math.min(page, last)} of {last}
      </p>
      <Button variant="secondary" disabled={disabled || page >= last} onClick={() => onPageChange(page + 1)}>
        Next<span className="sr-only"> page</span>
      </Button>
    </nav>
  );
}
