/** A fixed UTC format, so server and browser render the same text; `seconds` where events come seconds apart. */
export function formatTime(iso: string | null | undefined, opts: { seconds?: boolean } = {}): string {
  if (!iso) return "—";
  return `${iso.slice(0, 10)} ${iso.slice(11, opts.seconds ? 19 : 16)} UTC`;
}
