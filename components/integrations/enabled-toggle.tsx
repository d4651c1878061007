"use client";

import { useId, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Switch } from "@/components/ui/switch";
import { revokeIntegrationKeysMutation, updateIntegrationMutation, type IntegrationWithActivity } from "@/lib/federation/queries";

const keysPhrase = (n: number) => `${n} active key${n === 1 ? "" : "s"}`;

/**
 * The integration's on/off switch. Disabling always asks first and says what stops: new exchanges, not the
 * keys already minted, which it offers to revoke too. While saving the switch shows where it is going; on
 * failure it is back at the server's state, and the failure says so.
 */
export function EnabledToggle({ integration }: { integration: IntegrationWithActivity }) {
  const id = useId();
  const update = useMutation(updateIntegrationMutation(integration.guid));
  const revoke = useMutation(revokeIntegrationKeysMutation(integration.guid));
  const [announcement, setAnnouncement] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [alsoRevoke, setAlsoRevoke] = useState(true);

  const pending = update.isPending || revoke.isPending;
  const shown = update.isPending ? update.variables?.enabled === true : integration.enabled;
  const stateText = update.isPending ? (shown ? "Enabling…" : "Disabling…") : integration.enabled ? "Enabled" : "Disabled";

  async function setEnabled(enabled: boolean, revokeKeys = false) {
    setAnnouncement("");
    setConfirming(false);
    await update.mutateAsync({ enabled });
    let message = enabled ? "Integration enabled." : "Integration disabled.";
    if (revokeKeys) {
      const { revoked } = await revoke.mutateAsync();
      message += ` ${revoked} key${revoked === 1 ? "" : "s"} revoked.`;
    }
    setAnnouncement(message);
  }
  const run = (enabled: boolean, revokeKeys?: boolean) => void setEnabled(enabled, revokeKeys).catch(() => undefined);

  return (
    <Card className="space-y-2 p-4">
      <div className="flex flex-wrap items-center gap-3">
        <Switch
          checked={shown}
          pending={pending}
          // The name stays put as the state changes; the word beside it says which state it is in.
          aria-label="Enabled"
          aria-describedby={`${id}-state`}
          onCheckedChange={(enabled) => {
            setAnnouncement("");
            update.reset();
            revoke.reset();
            if (enabled) run(true);
            else {
              setAlsoRevoke(integration.active_keys > 0);
              setConfirming(true);
            }
          }}
        />
        <span className="font-medium text-slate-900" aria-hidden="true" data-testid="integration-state">
          {stateText}
        </span>
        <span id={`${id}-state`} className="text-sm text-slate-700">
          {integration.enabled
            ? "Tokens from this issuer are exchanged for API keys."
            : "Tokens from this issuer are refused (unknown_issuer)."}
        </span>
      </div>
      <p role="status" className="text-sm font-medium text-emerald-800 empty:sr-only">
        {announcement}
      </p>
      {update.error ? (
        <Alert>
          Could not {update.variables?.enabled ? "enable" : "disable"} it: {update.error.message} It is still{" "}
          {integration.enabled ? "enabled" : "disabled"}.
        </Alert>
      ) : null}
      {revoke.error ? <Alert>Disabled, but its keys were not revoked: {revoke.error.message}</Alert> : null}
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Disable “${integration.name}”?`}
        confirm={integration.active_keys > 0 && alsoRevoke ? "Disable and revoke keys" : "Disable"}
        onConfirm={() => run(false, integration.active_keys > 0 && alsoRevoke)}
      >
        <p>
          New tokens from <code className="break-all">{String(integration.config.issuer)}</code> will be refused
          (<code>unknown_issuer</code>): clients signed in through this provider can no longer exchange them for API keys.
          Its configuration and history are kept, and enabling it again resumes exchanges.
        </p>
        {integration.active_keys > 0 ? (
          <>
            <p>Keys it already minted keep working until they expire, unless you revoke them.</p>
            <Checkbox
              label={`Also revoke its ${keysPhrase(integration.active_keys)}`}
              hint="Clients using them get 401 at their next request and must exchange a token again once the integration is enabled."
              checked={alsoRevoke}
              onChange={(e) => setAlsoRevoke(e.target.checked)}
            />
          </>
        ) : (
          <p>It has no active keys.</p>
        )}
      </ConfirmDialog>
    </Card>
  );
}
