// Optional offset paging for lists that Connect's clients read as plain arrays
// (GET /v1/oauth/integrations, GET /v1/content). Without page_number or page_size
// the answer stays the whole array; with either, it is one page in the shape of
// Connect's GET /v1/users. Imports only zod: the dashboard builds its URLs from it.
import { z } from "zod";

/** The largest page a client may ask for; more is a 400, not a silent cut. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const pagingQuerySchema = z.object({
  page_number: z.coerce.number().int().min(1).max(1_000_000).optional(),
  page_size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`).optional(),
});
export type PagingQuery = z.output<typeof pagingQuerySchema>;

export type Page = { number: number; size: number; offset: number };
export type Paged<T> = { results: T[]; current_page: number; total: number };

/** The page asked for, or undefined when the client asked for the whole list. */
export function pageOf(q: PagingQuery): Page | undefined {
  if (q.page_number === undefined && q.page_size === undefined) return undefined;
  const number = q.page_number ?? 1;
  const size = q.page_size ?? DEFAULT_PAGE_SIZE;
  return { number, size, offset: (number - 1) * size };
}

/** How many pages `total` rows fill (at least one, for "page 1 of 1" on an empty list). */
export const pageCount = (total: number, size: number) => Math.max(1, Math.ceil(total / size));
