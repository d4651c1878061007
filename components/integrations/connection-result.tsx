import type { ReactNode } from "react";
import { formatTime } from "@/components/content/format";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { VerifyResult } from "@/lib/federation/queries";

type Step = VerifyResult["discovery"] | VerifyResult["jwks"];

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[11rem_1fr]">
      <dt className="font-medium text-slate-900">{term}</dt>
      <dd className="min-w-0 break-words text-slate-700">{children}</dd>
    </div>
  );
}

function StepFailure({ step }: { step: Step }) {
  if (step.ok || !step.error) return null;
  // A step's error already contains the reason's advice; repeat the fix only when it adds something.
  const fix = step.fix && !step.error.includes(step.fix) ? step.fix : undefined;
  return (
    <>
      <p className="text-red-900">{step.error}</p>
      {step.reason ? (
        <p className="text-slate-700">
          Reason code: <code>{step.reason}</code>
        </p>
      ) : null}
      {fix ? <p className="text-slate-900">Fix: {fix}</p> : null}
    </>
  );
}

const ms = (value?: number) => (value === undefined ? undefined : `${Math.round(value)} ms`);

/**
 * What "check connection" and the live health check found: discovery, keys, latency, or what failed and the fix.
 * A stored check of an older configuration (`stale`) says so first, and is not shown as passing.
 */
export function ConnectionResult({ result, title }: { result: VerifyResult & { stale?: boolean }; title: string }) {
  const { discovery, jwks, stale } = result;
  const total = (discovery.ms ?? 0) + (jwks.ms ?? 0);
  return (
    <section
      aria-label={title}
      data-stale={stale ? "true" : undefined}
      className={cn(
        "space-y-3 rounded-md border p-4 text-sm",
        result.ok ? "border-emerald-300 bg-emerald-50" : "border-red-300 bg-red-50",
        stale && "border-amber-300 bg-amber-50",
      )}
    >
      {stale ? (
        <p className="flex flex-wrap items-center gap-2">
          <Badge tone="warning">Outdated</Badge>
          <span className="font-semibold text-slate-900">Configuration changed since this check — run it again.</span>
        </p>
      ) : null}
      <p className="flex flex-wrap items-center gap-2">
        <Badge tone={result.ok ? "success" : "danger"}>{result.ok ? "Passed" : "Failed"}</Badge>
        <span className={cn("font-semibold text-slate-900", stale && "font-normal")}>
          {stale ? "Then: " : null}
          {result.ok ? "The identity provider is reachable and publishes signing keys." : "The identity provider check failed."}
        </span>
      </p>
      <dl className="space-y-2">
        <Row term="Checked">{formatTime(result.checked_at, { seconds: true })}</Row>
        <Row term="Discovery document">
          <span className="block">
            {discovery.ok ? "Reachable" : "Not reachable"}
            {discovery.ms !== undefined ? ` (${ms(discovery.ms)})` : null}: <code className="break-all">{discovery.url}</code>
          </span>
          <StepFailure step={discovery} />
        </Row>
        {discovery.issuer ? (
          <Row term="Issuer">
            <code className="break-all">{discovery.issuer}</code>
            {discovery.issuer !== result.issuer ? (
              <span className="block text-red-900">
                Differs from the issuer checked, <code className="break-all">{result.issuer}</code>: tokens carry the provider’s issuer, so
                exchanges would fail.
              </span>
            ) : stale ? (
              <>
                {" "}
                (matched the issuer configured then, <code className="break-all">{result.issuer}</code>)
              </>
            ) : (
              " (matches)"
            )}
          </Row>
        ) : null}
        {discovery.jwks_uri ? (
          <Row term="Key set (jwks_uri)">
            <code className="break-all">{discovery.jwks_uri}</code>
          </Row>
        ) : null}
        <Row term="Signing keys">
          {jwks.ok ? (
            <span className="block">
              {jwks.key_count} {jwks.key_count === 1 ? "key" : "keys"}
              {jwks.ms !== undefined ? ` (${ms(jwks.ms)})` : null}
              {jwks.algorithms?.length ? `, ${jwks.algorithms.join(", ")}` : null}
            </span>
          ) : (
            <StepFailure step={jwks} />
          )}
        </Row>
        {jwks.kids?.length ? (
          <Row term="Key IDs">
            <ul className="space-y-0.5">
              {jwks.kids.map((kid, index) => (
                <li key={index}>
                  <code className="break-all">{kid}</code>
                </li>
              ))}
            </ul>
          </Row>
        ) : null}
        {jwks.dropped_count ? (
          <Row term="Ignored keys">
            <p className="text-red-900">
              {jwks.dropped_count} published {jwks.dropped_count === 1 ? "key is" : "keys are"} not well formed and{" "}
              {jwks.dropped_count === 1 ? "was" : "were"} ignored; tokens signed with {jwks.dropped_count === 1 ? "it" : "them"} will be
              refused. Ask the identity provider to fix its key set.
            </p>
            <ul className="space-y-0.5">
              {jwks.dropped?.map((key) => (
                <li key={key.index}>
                  Key {key.index + 1}
                  {key.kid ? (
                    <>
                      {" "}
                      (<code className="break-all">{key.kid}</code>)
                    </>
                  ) : null}
                  : {key.problem}
                </li>
              ))}
            </ul>
          </Row>
        ) : null}
        {jwks.fingerprint ? (
          <Row term="Key set fingerprint">
            <code className="break-all">{jwks.fingerprint}</code>
          </Row>
        ) : null}
        {result.ok ? <Row term="Latency">{ms(total)}</Row> : null}
      </dl>
    </section>
  );
}
