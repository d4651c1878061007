// Rows' ids are 32-bit integers (Prisma's Int: PostgreSQL's integer), so a larger
// one can name no row. PostgreSQL refuses it as a parameter, which made an id past
// 2,147,483,647 in a path, a filter or a cursor a 500 there. Imports only zod.
import { z } from "zod";

export const MAX_ROW_ID = 2_147_483_647;

const DECIMAL = /^[1-9][0-9]{0,9}$/;

/** The row id `text` writes in decimal, or undefined when it writes none (`0`, `007`, `1e3`, past MAX_ROW_ID). */
export function rowIdOf(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const id = Number(text);
  return id <= MAX_ROW_ID ? id : undefined;
}

/** A row id sent as a number or as its decimal text (Connect's clients send strings). */
export function rowIdSchema(message: string) {
  return z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const id = typeof v === "number" ? (Number.isInteger(v) && v >= 1 && v <= MAX_ROW_ID ? v : undefined) : rowIdOf(v);
      if (id === undefined) ctx.addIssue({ code: "custom", message });
      return id ?? z.NEVER;
    });
}
