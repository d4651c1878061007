// One line saying what an update changed, "user_role: viewer → publisher", for the
// audit page and its exports. Pure: the browser and the server both use it.
import { changedFields } from "./changes";

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);

const MAX_VALUE = 80;

function shown(v: unknown): string {
  const text = v === null || v === undefined ? "(none)" : v === "" ? "(empty)" : typeof v === "string" ? v : JSON.stringify(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** "config.client_id", for the changed leaves of nested views. */
function leaves(before: Plain, after: Plain, prefix = ""): string[] {
  return Object.keys(after).flatMap((key) => {
    const [b, a] = [before[key], after[key]];
    const path = `${prefix}${key}`;
    return isPlain(b) && isPlain(a) ? leaves(b, a, `${path}.`) : [`${path}: ${shown(b)} → ${shown(a)}`];
  });
}

/**
 * What an event's details say changed, or "" when they record no change. Works on
 * events that stored only the changed fields and on older ones that stored whole views.
 */
export function changeSummary(details: unknown): string {
  if (!isPlain(details)) return "";
  const parts: string[] = [];
  const { before, after } = details;
  if (isPlain(before) && isPlain(after)) {
    const changed = changedFields(before, after);
    if (changed) parts.push(...leaves(changed.before, changed.after));
  } else if (typeof details.name === "string" && "before" in details && "after" in details) {
    // A setting: {name, before, after} with plain values.
    parts.push(`${details.name}: ${shown(before)} → ${shown(after)}`);
  }
  if (details.password_changed === true) parts.push("password changed");
  if (details.password_removed === true) parts.push("password removed");
  return parts.join("; ");
}
