"use client";

import { useState, type ReactNode } from "react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { formatTime } from "@/components/content/format";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CardsSkeleton } from "@/components/ui/skeleton";
import {
  deleteIntegrationMutation,
  federationQueries,
  revokeIntegrationKeysMutation,
  updateIntegrationMutation,
  verifyIntegrationMutation,
  type IntegrationWithActivity,
  type Template,
  type TemplateField,
} from "@/lib/federation/queries";
import { describeCondition } from "@/lib/federation/claim-conditions";
import { WORKBENCH_TEMPLATE, type ClaimCondition } from "@/lib/federation/schema";
import { subjectExample } from "@/lib/federation/setup-guide";
import { Tabs } from "@/components/ui/tabs";
import { auditHref, useFailuresLastDayHref } from "./audit-links";
import { ConnectionResult } from "./connection-result";
import { CreateMappedUser } from "./create-mapped-user";
import { IntegrationActivityPanel } from "./integration-activity";
import { IntegrationForm } from "./integration-form";
import { EnabledToggle } from "./enabled-toggle";
import { INTEGRATION_TABS, integrationTabOf, type IntegrationTab } from "./integration-tabs";
import { SetupGuide } from "./setup-guide";
import { TokenDebugger } from "./token-debugger";

const messageOf = (err: unknown, fallback: string) => (err instanceof Error && err.message ? err.message : fallback);
const focusLater = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

/**
 * The integration's page, in tabs so it is not one long scroll. The tab is the
 * URL's (?tab=debugger): each one can be linked to, and reload and Back show it.
 */
export function IntegrationDetail({ guid, serverUrl }: { guid: string; serverUrl: string | null }) {
  const detail = useQuery(federationQueries.detail(guid));
  const templates = useQuery(federationQueries.templates());
  const tab = integrationTabOf(useSearchParams().get("tab"));

  if (detail.isPending || templates.isPending) return <CardsSkeleton label="Loading the integration…" />;
  const error = detail.error ?? templates.error;
  if (error) {
    return (
      <Alert>
        Could not load the integration: {error.message}{" "}
        <Button
          variant="secondary"
          className="ml-2"
          onClick={() => {
            void detail.refetch();
            void templates.refetch();
          }}
        >
          Try again
        </Button>
      </Alert>
    );
  }
  const integration = detail.data!;
  const template = templates.data!.find((t) => t.id === integration.template);
  const isWorkbench = integration.template === WORKBENCH_TEMPLATE;

  // Next.js keeps useSearchParams in step with history.replaceState: no navigation, no refetch.
  function selectTab(id: string) {
    const next = integrationTabOf(id);
    const url = new URL(window.location.href);
    if (next === "overview") url.searchParams.delete("tab");
    else url.searchParams.set("tab", next);
    window.history.replaceState(null, "", url);
  }

  const panels: Record<IntegrationTab, ReactNode> = {
    overview: (
      <>
        <Summary integration={integration} />
        <HealthCheck integration={integration} />
        <FederatedKeys integration={integration} />
        <MappedUsers integration={integration} isWorkbench={isWorkbench} />
      </>
    ),
    configuration: template ? <Configuration integration={integration} template={template} /> : null,
    activity: <IntegrationActivityPanel guid={guid} />,
    debugger: <TokenDebugger integrationGuid={guid} integrationName={integration.name} serviceUserDefault={!isWorkbench} />,
    setup: <SetupGuide integration={integration} serverUrl={serverUrl} />,
  };

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <Link href="/integrations" className="text-sm font-medium text-blue-700 underline-offset-2 hover:underline">
          ← All integrations
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0 space-y-1">
            <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{integration.name}</h1>
            <p className="text-sm text-slate-700">
              {template?.name ?? integration.template} · created {formatTime(integration.created_time, { seconds: true })} ·
              updated {formatTime(integration.updated_time, { seconds: true })}
            </p>
          </div>
          <DeleteIntegration integration={integration} />
        </div>
        <EnabledToggle integration={integration} />
        <ConflictNotice integration={integration} />
      </div>
      <Tabs
        label="Integration"
        selected={tab}
        onSelect={selectTab}
        tabs={INTEGRATION_TABS.map((t) => ({ id: t.id, label: t.label, panel: panels[t.id] }))}
      />
    </div>
  );
}

/** The exchange figures, each a way into the audit log. */
function Summary({ integration }: { integration: IntegrationWithActivity }) {
  const failuresHref = useFailuresLastDayHref(integration.guid);
  const link = "text-sm font-medium text-blue-700 underline underline-offset-2";
  return (
    <section aria-labelledby="summary-heading" className="space-y-3">
      <h2 id="summary-heading" className="sr-only">
        Summary
      </h2>
      <dl className="grid gap-4 sm:grid-cols-2">
        <Card className="space-y-1 p-4">
          <dt className="text-sm text-slate-700">Last successful exchange</dt>
          <dd className="font-semibold text-slate-900" data-testid="last-success">
            {integration.last_success ? (
              <time dateTime={integration.last_success}>{formatTime(integration.last_success, { seconds: true })}</time>
            ) : (
              "Never"
            )}
          </dd>
        </Card>
        <Card className="space-y-1 p-4">
          <dt className="text-sm text-slate-700">Failures (24 h)</dt>
          <dd className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <span className="font-semibold text-slate-900" data-testid="failures-24h">
              {integration.failures_24h}
            </span>
            <Link href={failuresHref} className={link} aria-label="Failures (24 h) in the audit log">
              Show in the audit log
            </Link>
          </dd>
        </Card>
      </dl>
      <p>
        <Link href={auditHref({ integration: integration.guid })} className={link}>
          Full history in the audit log
        </Link>
      </p>
    </section>
  );
}

/** Tokens map to existing users only: here the user a token (or a pipeline) needs is made in one step. */
function MappedUsers({ integration, isWorkbench }: { integration: IntegrationWithActivity; isWorkbench: boolean }) {
  const claim = String(integration.config.match_claim ?? "sub");
  const subject = subjectExample(integration);
  return (
    <section aria-labelledby="mapped-users-heading" className="space-y-3">
      <h2 id="mapped-users-heading" className="text-lg font-semibold text-slate-900">
        Users
      </h2>
      <p className="max-w-prose text-sm text-slate-700">
        A token maps to the user whose external ID equals its <code>{claim}</code> claim; federation never creates users.{" "}
        {isWorkbench
          ? "Workbench users get theirs when they sign in here with single sign-on, or create one below."
          : "A pipeline or workload publishes as a service user: a publisher by default, with keys only from exchanges and no dashboard sign-in."}
        {subject ? (
          <>
            {" "}
            With this integration’s conditions the {claim} looks like <code className="break-all">{subject}</code>.
          </>
        ) : null}
      </p>
      <CreateMappedUser
        matchClaim={claim}
        externalId={subject}
        serviceUser={!isWorkbench}
        label={isWorkbench ? "Create a user…" : "Create a service user…"}
      />
    </section>
  );
}

/** Enabled integrations with the same issuer and client ID make every exchange from the issuer fail. */
function ConflictNotice({ integration }: { integration: IntegrationWithActivity }) {
  if (!integration.conflicts.length) return null;
  return (
    <Alert>
      <p>
        <strong className="font-semibold">Conflict:</strong> {integration.conflicts.length === 1 ? "the enabled integration" : "the enabled integrations"}{" "}
        {integration.conflicts.map((c, i) => (
          <span key={c.guid}>
            {i ? ", " : null}
            <Link href={`/integrations/${c.guid}`} className="font-medium underline underline-offset-2">
              {c.name}
            </Link>
          </span>
        ))}{" "}
        {integration.conflicts.length === 1 ? "has" : "have"} the same issuer and client ID. Exchanges from this issuer fail with{" "}
        <code>ambiguous_integration</code> unless the client names one with <code>audience</code>. Disable one of them, or give it
        another client ID.
      </p>
    </Alert>
  );
}

const keysPhrase = (n: number) => `${n} active key${n === 1 ? "" : "s"}`;

/** The keys this integration minted: the role they act with at most, and one action to revoke them all. */
function FederatedKeys({ integration }: { integration: IntegrationWithActivity }) {
  const revoke = useMutation(revokeIntegrationKeysMutation(integration.guid));
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const maxRole = String(integration.config.max_role ?? "publisher");
  return (
    <section aria-labelledby="keys-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="keys-heading" className="text-lg font-semibold text-slate-900">
          Federated keys
        </h2>
        <Button
          variant="secondary"
          className="text-red-800"
          disabled={integration.active_keys === 0}
          onClick={() => {
            setAnnouncement("");
            setOpen(true);
          }}
        >
          Revoke all keys…
        </Button>
      </div>
      <p className="max-w-prose text-sm text-slate-700">
        Keys minted by this integration act with at most the role <strong className="font-semibold">{maxRole}</strong> (the
        lower of the user’s role and this cap), expire with their token, and cannot create or manage API keys.{" "}
        <span data-testid="active-keys">{keysPhrase(integration.active_keys)}</span> now.{" "}
        <span data-testid="single-use">
          {integration.config.single_use_tokens === true
            ? "Single-use tokens: each token is exchanged once; a replay is refused (token_replayed)."
            : "Tokens may be exchanged again while valid (single-use tokens off)."}
        </span>
      </p>
      <p role="status" className="text-sm font-medium text-emerald-800 empty:sr-only">
        {announcement}
      </p>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Revoke the keys “${integration.name}” minted?`}
        confirm="Revoke all keys"
        pendingLabel="Revoking…"
        pending={revoke.isPending}
        error={revoke.error ? `Could not revoke them: ${messageOf(revoke.error, "unknown error")}` : undefined}
        onConfirm={() =>
          revoke.mutate(undefined, {
            onSuccess: ({ revoked }) => {
              setOpen(false);
              setAnnouncement(`${revoked} key${revoked === 1 ? "" : "s"} revoked.`);
            },
          })
        }
      >
        <p>
          Its {keysPhrase(integration.active_keys)} stop working now; clients using them get 401 and must exchange a token
          again. The integration itself is not changed.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function DeleteIntegration({ integration }: { integration: IntegrationWithActivity }) {
  const router = useRouter();
  const remove = useMutation(deleteIntegrationMutation(integration.guid));
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" className="text-red-800" onClick={() => setOpen(true)}>
        Delete…
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete “${integration.name}”?`}
        confirm={`Delete “${integration.name}”`}
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.error ? `Could not delete it: ${messageOf(remove.error, "unknown error")}` : undefined}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => router.push(`/integrations?deleted=${encodeURIComponent(integration.name)}`),
          })
        }
      >
        <p>
          Tokens from <code className="break-all">{String(integration.config.issuer)}</code> will no longer be exchanged
          through this integration, and the API keys it minted are revoked now. The audit log keeps its events. This cannot
          be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

function HealthCheck({ integration }: { integration: IntegrationWithActivity }) {
  const verify = useMutation(verifyIntegrationMutation(integration.guid));
  return (
    <section aria-labelledby="health-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="health-heading" className="text-lg font-semibold text-slate-900">
          Health
        </h2>
        <Button variant={integration.last_verify?.stale ? "primary" : "secondary"} onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? "Checking…" : "Run health check"}
        </Button>
      </div>
      <p className="max-w-prose text-sm text-slate-700">
        Fetches the issuer’s discovery document and signing keys now, as an exchange would.
      </p>
      <div aria-live="polite">
        {verify.error ? <Alert>Could not run the health check: {verify.error.message}</Alert> : null}
        {integration.last_verify ? (
          <ConnectionResult result={integration.last_verify} title="Last health check" />
        ) : (
          <p className="text-sm text-slate-700">Not checked yet.</p>
        )}
      </div>
    </section>
  );
}

function displayValue(field: TemplateField, value: unknown) {
  if (value === null || value === undefined || value === "") return <span className="text-slate-600">Not set</span>;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (field.type === "string[]" && Array.isArray(value)) return value.join(", ");
  if (field.type === "claims" && Array.isArray(value)) {
    if (value.length === 0) return <span className="text-slate-600">None</span>;
    return (
      <ul className="space-y-0.5">
        {value.map((c: ClaimCondition, i) => (
          <li key={i}>
            <code>{describeCondition(c)}</code>
          </li>
        ))}
      </ul>
    );
  }
  return <code className="break-all">{String(value)}</code>;
}

/** The configuration as saved, edited in place with the same form (and checks) as on create. */
function Configuration({ integration, template }: { integration: IntegrationWithActivity; template: Template }) {
  const update = useMutation(updateIntegrationMutation(integration.guid));
  const [editing, setEditing] = useState(false);
  const [announcement, setAnnouncement] = useState("");

  return (
    <section aria-labelledby="configuration-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="configuration-heading" tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
          Configuration
        </h2>
        {!editing ? (
          <Button
            variant="secondary"
            onClick={() => {
              setAnnouncement("");
              setEditing(true);
            }}
          >
            Edit configuration
          </Button>
        ) : null}
      </div>
      <p role="status" className="text-sm font-medium text-emerald-800 empty:sr-only">
        {announcement}
      </p>
      <Card>
        {editing ? (
          <IntegrationForm
            template={template}
            mode="edit"
            initial={{ name: integration.name, description: integration.description, config: integration.config }}
            lastCheck={integration.last_verify}
            submitLabel="Save changes"
            pendingLabel="Saving…"
            onCancel={() => {
              setEditing(false);
              focusLater("configuration-heading");
            }}
            onSubmit={async (patch) => {
              await update.mutateAsync(patch);
              setEditing(false);
              setAnnouncement("Changes saved.");
              focusLater("configuration-heading");
            }}
          />
        ) : (
          <dl className="space-y-3 text-sm">
            <ConfigRow term="Name">{integration.name}</ConfigRow>
            <ConfigRow term="Description">
              {integration.description || <span className="text-slate-600">None</span>}
            </ConfigRow>
            <ConfigRow term="Template">{template.name}</ConfigRow>
            {template.fields.map((field) => (
              <ConfigRow key={field.key} term={field.name}>
                {displayValue(field, integration.config[field.key])}
              </ConfigRow>
            ))}
            <ConfigRow term="Integration GUID">
              <code className="break-all">{integration.guid}</code>
            </ConfigRow>
          </dl>
        )}
      </Card>
    </section>
  );
}

function ConfigRow({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 border-b border-slate-100 pb-3 last:border-0 last:pb-0 sm:grid-cols-[14rem_1fr]">
      <dt className="font-medium text-slate-900">{term}</dt>
      <dd className="min-w-0 break-words text-slate-700">{children}</dd>
    </div>
  );
}

