"use client";

import { Fragment, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { formatTime } from "@/components/content/format";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/skeleton";
import { messageOf, renderThenFocus } from "@/components/users/forms";
import { keysQueries, revokeKeyMutation, type ApiKeyView, type CreatedApiKey } from "@/lib/keys/queries";
import { CreateKeyForm } from "./create-key-form";
import { NewKeyNotice } from "./new-key-notice";

const revokeLink = "font-medium text-red-700 underline-offset-2 hover:text-red-800 hover:underline";
const when = (iso: string | null, otherwise: string) =>
  iso ? <time dateTime={iso}>{formatTime(iso)}</time> : otherwise;

/** The signed-in user's API keys: create (secret shown once), list, revoke after a confirmation. */
export function ApiKeys({ userGuid }: { userGuid: string }) {
  const [created, setCreated] = useState<CreatedApiKey>();
  const [announcement, setAnnouncement] = useState("");

  return (
    <div className="space-y-6">
      {created ? (
        <NewKeyNotice
          created={created}
          onDismiss={() => renderThenFocus(() => setCreated(undefined), "keys-heading")}
        />
      ) : (
        <Card>
          <CreateKeyForm
            userGuid={userGuid}
            onCreated={(key) => {
              setAnnouncement("");
              setCreated(key);
            }}
          />
        </Card>
      )}
      <section aria-labelledby="keys-heading" className="space-y-3">
        <h2 id="keys-heading" tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
          Your keys
        </h2>
        <p role="status" className="text-sm font-medium text-emerald-800 empty:sr-only">
          {announcement}
        </p>
        <KeysList
          userGuid={userGuid}
          onRevoked={(key) => {
            setAnnouncement(`Revoked “${key.name}”.`);
            // Its secret is worthless now: the notice that shows it goes too.
            if (created?.id === key.id) setCreated(undefined);
          }}
        />
      </section>
    </div>
  );
}

function KeysList({ userGuid, onRevoked }: { userGuid: string; onRevoked: (key: ApiKeyView) => void }) {
  const { data, isPending, error, refetch } = useQuery(keysQueries.list(userGuid));
  const revoke = useMutation(revokeKeyMutation(userGuid));
  const [confirming, setConfirming] = useState<string>();

  if (isPending) return <TableSkeleton label="Loading your keys…" rows={2} />;
  if (error) {
    return (
      <Alert>
        Could not load your keys: {error.message}{" "}
        <Button variant="secondary" className="ml-2" onClick={() => void refetch()}>
          Try again
        </Button>
      </Alert>
    );
  }
  if (data.length === 0) {
    return (
      <EmptyState title="No API keys">
        <p>Create a key above to call this server’s API from scripts and tools as yourself.</p>
      </EmptyState>
    );
  }

  function ask(key: ApiKeyView) {
    renderThenFocus(() => {
      revoke.reset();
      setConfirming(key.id);
    }, `confirm-revoke-${key.id}`);
  }

  function cancel(key: ApiKeyView) {
    renderThenFocus(() => setConfirming(undefined), `revoke-${key.id}`);
  }

  function confirm(key: ApiKeyView) {
    revoke.mutate(key.id, {
      onSuccess: () =>
        renderThenFocus(() => {
          setConfirming(undefined);
          onRevoked(key);
        }, "keys-heading"),
    });
  }

  return (
    <Table caption="Your API keys">
      <THead>
        <tr>
          <TH>Name</TH>
          <TH className="hidden sm:table-cell">Created</TH>
          <TH className="hidden sm:table-cell">Last used</TH>
          <TH>Expires</TH>
          <TH>
            <span className="sr-only">Actions</span>
          </TH>
        </tr>
      </THead>
      <tbody>
        {data.map((key) => (
          <Fragment key={key.id}>
            <TR data-testid={`key-row-${key.id}`}>
              <TD>
                <span className="font-medium text-slate-900">{key.name}</span>
                <code className="ml-2 text-xs text-slate-700" title="The start of the key: tells keys apart, is not the secret">
                  {key.key_prefix}…
                </code>
                {key.federated ? (
                  <span
                    className="ml-2 rounded bg-violet-100 px-2 py-0.5 text-xs font-medium text-violet-900"
                    title="Minted by an identity federation token exchange"
                  >
                    Federated
                  </span>
                ) : null}
                {/* On a narrow screen the dates fold in here. */}
                <div className="mt-1 space-y-0.5 text-xs text-slate-700 sm:hidden">
                  <div>Created {when(key.created_time, "—")}</div>
                  <div>Last used {when(key.last_used_time, "never")}</div>
                </div>
              </TD>
              <TD className="hidden whitespace-nowrap sm:table-cell">{when(key.created_time, "—")}</TD>
              <TD className="hidden whitespace-nowrap sm:table-cell">{when(key.last_used_time, "Never")}</TD>
              <TD className="sm:whitespace-nowrap">{when(key.expires_at, "Never")}</TD>
              <TD className="text-right whitespace-nowrap">
                {confirming === key.id ? null : (
                  <button id={`revoke-${key.id}`} type="button" className={revokeLink} onClick={() => ask(key)}>
                    Revoke<span className="sr-only"> {key.name} ({key.key_prefix}…)</span>
                  </button>
                )}
              </TD>
            </TR>
            {confirming === key.id ? (
              <tr className="bg-red-50">
                <td colSpan={5} className="px-4 py-3">
                  <div role="group" aria-labelledby={`confirm-revoke-text-${key.id}`} className="space-y-3">
                    <p id={`confirm-revoke-text-${key.id}`} className="text-sm text-red-950">
                      Revoke “{key.name}”? Anything using this key ({key.key_prefix}…) stops working at once. This cannot be undone.
                    </p>
                    {revoke.error ? <Alert>{messageOf(revoke.error, "Could not revoke the key.")}</Alert> : null}
                    <div className="flex flex-wrap gap-3">
                      <Button
                        id={`confirm-revoke-${key.id}`}
                        variant="danger"
                        disabled={revoke.isPending}
                        onClick={() => confirm(key)}
                      >
                        {revoke.isPending ? "Revoking…" : "Revoke key"}
                      </Button>
                      <Button variant="secondary" onClick={() => cancel(key)}>
                        Cancel
                      </Button>
                    </div>
                  </div>
                </td>
              </tr>
            ) : null}
          </Fragment>
        ))}
      </tbody>
    </Table>
  );
}
