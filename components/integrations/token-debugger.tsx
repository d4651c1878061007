"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { focusFirstInvalid } from "@/components/forms/focus";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Label } from "@/components/ui/label";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { explainSchema, type ExplainInput } from "@/lib/federation/schema";
import { explainTokenMutation, type CheckResult, type ExplainResult } from "@/lib/federation/queries";
import { clientErrors } from "./config-draft";
import { CreateMappedUser } from "./create-mapped-user";

const STATUS: Record<CheckResult["status"], { label: string; tone: BadgeTone }> = {
  pass: { label: "Pass", tone: "success" },
  fail: { label: "Fail", tone: "danger" },
  skipped: { label: "Skipped", tone: "neutral" },
};

function shown(value: unknown): string {
  if (value === undefined) return "—";
  if (value === null) return "(none)";
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== "object")) return value.length ? value.join(", ") : "(empty list)";
  return JSON.stringify(value);
}

/**
 * Paste a token, see every check of the exchange pass or fail with expected vs
 * actual and the fix to try. The server never mints a key or stores the token.
 */
export function TokenDebugger({
  integrationGuid,
  integrationName,
  serviceUserDefault,
}: {
  integrationGuid: string;
  integrationName: string;
  /** Whether "create a user" for a user_not_found token offers a service user first (pipelines) or a person (Workbench). */
  serviceUserDefault: boolean;
}) {
  const id = useId();
  const explain = useMutation(explainTokenMutation());
  const [token, setToken] = useState("");
  const [scope, setScope] = useState<"this" | "any">("this");
  const [error, setError] = useState<string>();
  const [explained, setExplained] = useState<ExplainInput>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = explainSchema.safeParse({ token, integration_guid: scope === "this" ? integrationGuid : undefined });
    if (!parsed.success) {
      setError(clientErrors(parsed.error.issues, { token: "The ID token" }).token);
      return focusFirstInvalid(form);
    }
    setError(undefined);
    setExplained(parsed.data);
    explain.mutate(parsed.data);
  }

  return (
    <section aria-labelledby="debugger-heading" className="space-y-3">
      <h2 id="debugger-heading" className="text-lg font-semibold text-slate-900">
        Token debugger
      </h2>
      <p className="max-w-prose text-sm text-slate-700">
        Paste an ID token to see why an exchange would succeed or fail: every check, what was expected and what the token
        holds, and the fix to try. Nothing is exchanged, no key is minted, and the token is not stored.
      </p>
      <Card>
        <form noValidate onSubmit={submit} className="space-y-4">
          <div className="space-y-1">
            <Label htmlFor={`${id}-token`}>ID token</Label>
            <p id={`${id}-hint`} className="text-sm text-slate-600">
              A signed JWT: three base64url parts separated by dots (eyJ…).
            </p>
            <Textarea
              id={`${id}-token`}
              name="token"
              rows={5}
              className="font-mono text-sm break-all"
              spellCheck={false}
              autoComplete="off"
              value={token}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
              onChange={(e) => setToken(e.target.value)}
            />
            {error ? (
              <p id={`${id}-error`} className="text-sm font-medium text-red-700">
                {error}
              </p>
            ) : null}
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-900">Check against</legend>
            <label className="flex items-start gap-2 text-sm text-slate-900">
              <input
                type="radio"
                name="scope"
                className="mt-0.5 size-4 accent-blue-700"
                checked={scope === "this"}
                onChange={() => setScope("this")}
              />
              <span>This integration ({integrationName}), even while it is disabled</span>
            </label>
            <label className="flex items-start gap-2 text-sm text-slate-900">
              <input
                type="radio"
                name="scope"
                className="mt-0.5 size-4 accent-blue-700"
                checked={scope === "any"}
                onChange={() => setScope("any")}
              />
              <span>Whichever enabled integration the exchange would choose</span>
            </label>
          </fieldset>
          <Button type="submit" disabled={explain.isPending}>
            {explain.isPending ? "Checking the token…" : "Explain token"}
          </Button>
        </form>
      </Card>
      {explain.error ? <Alert>Could not check the token: {explain.error.message}</Alert> : null}
      {explain.data ? (
        <Explanation
          result={explain.data}
          serviceUserDefault={serviceUserDefault}
          // The user now exists: explain the same token again, so the verdict shows the mapping.
          onUserCreated={() => explained && explain.mutate(explained)}
        />
      ) : null}
    </section>
  );
}

const ORDER: Record<CheckResult["status"], number> = { fail: 0, pass: 1, skipped: 2 };

/** The check a failure is about, in the verdict: the claim of a failed condition, else the check itself. */
function failedSubject(check: CheckResult): string {
  return check.id.startsWith("claim:") ? check.id.slice("claim:".length) : check.label;
}

/** Takes focus when a new result arrives, so the verdict is read out first. */
function Explanation({
  result,
  serviceUserDefault,
  onUserCreated,
}: {
  result: ExplainResult;
  serviceUserDefault: boolean;
  onUserCreated: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [result]);
  const failed = result.checks.find((c) => c.status === "fail");
  // Failures first, then passes, then what could not run; otherwise in the exchange's order.
  const checks = result.checks.map((c, i) => ({ c, i })).sort((a, b) => ORDER[a.c.status] - ORDER[b.c.status] || a.i - b.i);
  const missingUser = result.reason === "user_not_found" && result.match?.value ? result.match : null;
  return (
    <section aria-labelledby="explanation-heading" className="space-y-4" data-testid="token-explanation">
      <div className={result.ok ? "rounded-md border border-emerald-300 bg-emerald-50 p-4" : "rounded-md border border-red-300 bg-red-50 p-4"}>
        <h3 id="explanation-heading" ref={heading} tabIndex={-1} className="font-semibold text-slate-900 focus:outline-none">
          {result.ok ? "This token would be exchanged" : "This token would be refused"}
          {result.reason ? (
            <>
              {" "}
              — <code>{result.reason}</code>
              {failed && result.reason === "claim_condition_failed" ? (
                <>
                  {" "}
                  on claim <code data-testid="failed-claim">{failedSubject(failed)}</code>
                </>
              ) : null}
            </>
          ) : null}
        </h3>
        <p className="mt-1 text-sm text-slate-800">
          Integration: {result.integration ? result.integration.name : "none matched"} · User:{" "}
          {result.user ? result.user.username : "none matched"}
          {result.match ? (
            <>
              {" "}
              · Match claim <code>{result.match.claim}</code>:{" "}
              {result.match.value ? <code className="break-all">{result.match.value}</code> : "absent"}
            </>
          ) : null}
        </p>
        {result.integration ? (
          <p className="mt-1 text-sm text-slate-800" data-testid="explained-role">
            Maximum role of the integration: <strong className="font-semibold">{result.integration.max_role}</strong>
            {result.user && result.effective_role ? (
              <>
                {" "}
                · A key would act as <strong className="font-semibold">{result.effective_role}</strong>
                {result.effective_role !== result.user.user_role ? ` (the user is ${result.user.user_role}, capped)` : null}
              </>
            ) : null}
          </p>
        ) : null}
        {failed?.fix ? (
          <p className="mt-2 text-sm text-slate-900">
            <strong className="font-semibold">{failed.label}: failed.</strong> {failed.fix}
          </p>
        ) : null}
        {missingUser ? (
          <div className="mt-3">
            <CreateMappedUser
              key={missingUser.value}
              matchClaim={missingUser.claim}
              externalId={missingUser.value!}
              serviceUser={serviceUserDefault}
              label="Create a user with this external ID…"
              onCreated={onUserCreated}
            />
          </div>
        ) : null}
      </div>
      <Table caption="Checks">
        <THead>
          <tr>
            <TH>Check</TH>
            <TH className="hidden sm:table-cell">Expected</TH>
            <TH className="hidden sm:table-cell">Actual</TH>
          </tr>
        </THead>
        <tbody>
          {checks.map(({ c: check, i }) => (
            <TR key={`${check.id}-${i}`} data-check={check.id} className={cn(check.status === "fail" && "bg-red-50")}>
              <TD className="min-w-0 sm:w-2/5">
                <p className="flex flex-wrap items-center gap-2">
                  <Badge tone={STATUS[check.status].tone}>{STATUS[check.status].label}</Badge>
                  <span className="font-medium text-slate-900">{check.label}</span>
                  {check.reason ? <code className="text-xs text-red-900">{check.reason}</code> : null}
                </p>
                {check.fix ? <p className="mt-1 text-slate-900">{check.fix}</p> : null}
                {/* On a narrow screen the other columns fold in here. */}
                <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 sm:hidden">
                  {check.expected !== undefined ? (
                    <>
                      <dt className="text-slate-600">Expected</dt>
                      <dd className="min-w-0 font-mono text-xs break-all text-slate-900">{shown(check.expected)}</dd>
                    </>
                  ) : null}
                  <dt className="text-slate-600">Actual</dt>
                  <dd className="min-w-0 font-mono text-xs break-all text-slate-900">{shown(check.actual)}</dd>
                </dl>
              </TD>
              <TD className="hidden font-mono text-xs break-all text-slate-900 sm:table-cell">{shown(check.expected)}</TD>
              <TD className="hidden font-mono text-xs break-all text-slate-900 sm:table-cell">{shown(check.actual)}</TD>
            </TR>
          ))}
        </tbody>
      </Table>
      {result.header || result.claims ? (
        <details className="rounded-md border border-slate-200 bg-white p-4 text-sm">
          <summary className="cursor-pointer font-medium text-blue-700">Decoded header and claims (not verified)</summary>
          <pre tabIndex={0} className="mt-3 overflow-x-auto rounded bg-slate-100 p-3 text-xs text-slate-900">
            {JSON.stringify({ header: result.header, claims: result.claims }, null, 2)}
          </pre>
        </details>
      ) : null}
    </section>
  );
}
