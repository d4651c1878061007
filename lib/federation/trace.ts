// Records each check of the exchange. Enforcing (the exchange) stops at the
// first failure; explaining (the token debugger) records every check it can run.
import { REASONS, reject, type Reason } from "./reasons";

export type CheckResult = {
  id: string;
  label: string;
  status: "pass" | "fail" | "skipped";
  expected?: unknown;
  actual?: unknown;
  reason?: Reason;
  fix?: string;
};

export type CheckInput = {
  id: string;
  label: string;
  pass: boolean;
  expected?: unknown;
  actual?: unknown;
  reason: Reason;
  detail?: string;
};

export class Trace {
  readonly checks: CheckResult[] = [];
  constructor(readonly mode: "enforce" | "explain") {}

  /** Records a check; when enforcing, a failure throws the check's FederationError (and nothing is recorded). */
  check(c: CheckInput): boolean {
    if (this.mode === "enforce") {
      if (!c.pass) throw reject(c.reason, c.detail);
      return true;
    }
    this.checks.push({
      id: c.id,
      label: c.label,
      status: c.pass ? "pass" : "fail",
      expected: c.expected,
      actual: c.actual,
      ...(c.pass ? {} : { reason: c.reason, fix: fixFor(c.reason, c.detail) }),
    });
    return c.pass;
  }

  /** Records an error thrown by a step (e.g. the provider is unreachable), then rethrows when enforcing. */
  fail(id: string, label: string, err: unknown): void {
    const reason = (err as { reason?: Reason }).reason;
    if (!reason || this.mode === "enforce") throw err;
    this.checks.push({ id, label, status: "fail", reason, fix: (err as Error).message });
  }

  skip(id: string, label: string, why: string): void {
    this.checks.push({ id, label, status: "skipped", actual: why });
  }

  get failed(): CheckResult | undefined {
    return this.checks.find((c) => c.status === "fail");
  }
}

function fixFor(reason: Reason, detail?: string): string {
  const base = REASONS[reason].message;
  return detail ? `${base} ${detail}` : base;
}
