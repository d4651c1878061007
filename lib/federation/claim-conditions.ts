// Required-claim conditions (SPEC §3 step 5): pure functions, so the exchange,
// the token debugger and the unit tests share one definition of each operator.
import type { ClaimCondition } from "./schema";

type Claims = Record<string, unknown>;

/** Own claims only: a condition on "constructor" must not find Object.prototype's. */
export function claimOf(claims: Claims, name: string): unknown {
  return Object.hasOwn(claims, name) ? claims[name] : undefined;
}

type GlobToken = { kind: "char"; ch: string } | { kind: "one" } | { kind: "segment" } | { kind: "any" };

/**
 * `*` any run without `/` or `:`, `**` any run, `?` exactly one character, every
 * other character itself (there is no escape and no regular expression).
 */
export function compileGlob(pattern: string): GlobToken[] {
  const chars = Array.from(pattern);
  const tokens: GlobToken[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === "?") tokens.push({ kind: "one" });
    else if (ch !== "*") tokens.push({ kind: "char", ch });
    else {
      const kind = chars[i + 1] === "*" ? "any" : "segment";
      if (kind === "any") i++;
      // Adjacent stars match what the widest of them matches: keep one, so states stay few.
      const last = tokens.at(-1)?.kind;
      if (last === "segment") tokens[tokens.length - 1] = { kind };
      else if (last !== "any") tokens.push({ kind });
    }
  }
  return tokens;
}

/**
 * Anchored match by simulating the pattern's automaton over the input once:
 * time is at most input length × pattern length, whatever the input (no
 * backtracking, so no catastrophic patterns). Counts Unicode code points.
 */
export function matchesGlob(pattern: string, value: string): boolean {
  const tokens = compileGlob(pattern);
  const n = tokens.length;
  let active = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  // A star may match nothing: being before it is also being after it.
  const close = (states: Uint8Array) => {
    for (let i = 0; i < n; i++) if (states[i] && tokens[i].kind !== "char" && tokens[i].kind !== "one") states[i + 1] = 1;
  };
  active[0] = 1;
  close(active);
  for (const ch of value) {
    next.fill(0);
    let alive = false;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      const t = tokens[i];
      if (t.kind === "any" || (t.kind === "segment" && ch !== "/" && ch !== ":")) next[i] = 1;
      else if (t.kind === "one" || (t.kind === "char" && t.ch === ch)) next[i + 1] = 1;
      else continue;
      alive = true;
    }
    if (!alive) return false;
    close(next);
    [active, next] = [next, active];
  }
  return active[n] === 1;
}

const isScalar = (v: unknown): v is string | number | boolean => ["string", "number", "boolean"].includes(typeof v);

/** Whether the token's claims satisfy one condition; types are compared strictly (true is not "true"). */
export function conditionHolds(condition: ClaimCondition, claims: Claims): boolean {
  const actual = claimOf(claims, condition.claim);
  switch (condition.operator) {
    case undefined:
    case "equals":
      return actual === condition.value;
    case "one_of":
      return isScalar(actual) && condition.value.includes(actual);
    case "glob":
      return typeof actual === "string" && matchesGlob(condition.value, actual);
    case "contains":
      return Array.isArray(actual) && actual.some((item) => item === condition.value);
    case "exists":
      return actual !== undefined && actual !== null;
  }
}

const show = (v: unknown) => JSON.stringify(v);

/** The condition in words: `repository equals "org/repo"`. */
export function describeCondition(condition: ClaimCondition): string {
  const { claim } = condition;
  switch (condition.operator) {
    case undefined:
    case "equals":
      return `${claim} equals ${show(condition.value)}`;
    case "one_of":
      return `${claim} is one of ${condition.value.map(show).join(", ")}`;
    case "glob":
      return `${claim} matches ${show(condition.value)}`;
    case "contains":
      return `${claim} contains ${show(condition.value)}`;
    case "exists":
      return `${claim} is present`;
  }
}

function expectedOf(condition: ClaimCondition): unknown {
  switch (condition.operator) {
    case undefined:
    case "equals":
      return condition.value;
    case "one_of":
      return { one_of: condition.value };
    case "glob":
      return { glob: condition.value };
    case "contains":
      return { contains: condition.value };
    case "exists":
      return "present";
  }
}

/** One condition as a check of the exchange: what the debugger shows and, on failure, what the message names. */
export function checkClaimCondition(condition: ClaimCondition, claims: Claims) {
  const pass = conditionHolds(condition, claims);
  const actual = claimOf(claims, condition.claim) ?? null;
  const description = describeCondition(condition);
  const shown = show(actual);
  return {
    id: `claim:${condition.claim}`,
    label: `Claim ${description}`,
    pass,
    expected: expectedOf(condition),
    actual,
    detail: pass
      ? undefined
      : `Failed condition: ${description}; the token's ${condition.claim} is ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}.`,
  };
}
