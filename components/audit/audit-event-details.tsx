import type { ReactNode } from "react";
import type { ApiAuditEvent } from "@/lib/audit/queries";

function Mono({ children }: { children: ReactNode }) {
  return <span className="font-mono text-xs break-all">{children}</span>;
}

function named(ref: { guid?: string; name?: string; username?: string; id?: number } | null): ReactNode {
  if (!ref) return null;
  const label = ref.name ?? ref.username ?? (ref.id !== undefined ? `#${ref.id}` : undefined);
  return (
    <>
      {label}
      {ref.guid ? (
        <>
          {" "}
          <Mono>({ref.guid})</Mono>
        </>
      ) : null}
    </>
  );
}

/** Every field of one audit event, and its JSON details. */
export function AuditEventDetails({ event: e }: { event: ApiAuditEvent }) {
  const fields: Array<[string, ReactNode]> = [
    ["Event ID", <Mono key="id">{e.id}</Mono>],
    ["Time", <Mono key="time">{e.time}</Mono>],
    ["Action", <Mono key="action">{e.action}</Mono>],
    ["Outcome", e.outcome],
    ["Reason", e.reason ? <Mono key="reason">{e.reason}</Mono> : null],
    ["Actor", named(e.actor)],
    ["Actor IP", e.actor_ip ? <Mono key="ip">{e.actor_ip}</Mono> : null],
    ["Integration", named(e.integration)],
    ["User", named(e.user)],
    ["API key ID", e.api_key_id ? <Mono key="key">{e.api_key_id}</Mono> : null],
    ["Issuer (iss)", e.iss ? <Mono key="iss">{e.iss}</Mono> : null],
    ["Matched claim value", e.match_value ? <Mono key="match">{e.match_value}</Mono> : null],
    ["Token ID (jti)", e.jti ? <Mono key="jti">{e.jti}</Mono> : null],
    ["Signing key ID (kid)", e.kid ? <Mono key="kid">{e.kid}</Mono> : null],
  ];
  return (
    <div className="space-y-3 text-sm">
      <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        {fields.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-medium text-slate-700">{term}</dt>
            <dd className="mb-1 text-slate-900 sm:mb-0">{value ?? <span className="text-slate-600">—</span>}</dd>
          </div>
        ))}
      </dl>
      <div>
        <h3 className="font-medium text-slate-700">Details</h3>
        {e.details ? (
          <pre className="mt-1 rounded bg-slate-900 p-3 text-xs break-all whitespace-pre-wrap text-slate-100 dark:bg-slate-50 dark:text-slate-900">
            {JSON.stringify(e.details, null, 2)}
          </pre>
        ) : (
          <p className="text-slate-600">None.</p>
        )}
      </div>
    </div>
  );
}
