"use client";

import { useId, useState, type FormEvent } from "react";
import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import { CardsSkeleton } from "@/components/ui/skeleton";
import { clientFieldErrors, messageOf, serverFieldErrors, showFieldErrors } from "@/components/users/forms";
import { patchSettingsSchema, type SettingName, type SettingView } from "@/lib/settings/schema";
import { settingsQueries, updateSettingsMutation } from "@/lib/settings/queries";
import { formatDuration } from "./duration";

const FLAG: SettingName = "EarlyAccess.IdentityFederation";
const linkClasses = "font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900";

/** The §2 settings: each saved on its own, environment overrides shown read-only. */
export function SettingsForm() {
  const { data, isPending, error, refetch, isRefetching } = useQuery(settingsQueries.list());
  if (isPending) return <CardsSkeleton label="Loading settings…" />;
  if (error) {
    return (
      <Alert>
        Could not load the settings: {error.message}{" "}
        <Button variant="secondary" className="ml-2" onClick={() => void refetch()} disabled={isRefetching}>
          Try again
        </Button>
      </Alert>
    );
  }
  const setting = (name: SettingName) => data.find((s) => s.name === name);
  const flag = setting(FLAG);
  const claim = setting("OAuth2.UniqueIdClaim");
  const lifetime = setting("Federation.MaxKeyLifetime");
  const auditRetention = setting("Retention.AuditEventDays");
  const keyGrace = setting("Retention.ApiKeyGraceDays");
  return (
    <div className="space-y-6">
      {flag ? <FederationFlag setting={flag} lifetime={lifetime} /> : null}
      {claim ? <ValueSetting setting={claim} kind="text" /> : null}
      {lifetime ? <ValueSetting setting={lifetime} kind="seconds" /> : null}
      {auditRetention ? <ValueSetting setting={auditRetention} kind="days" field="Days to keep audit events" /> : null}
      {keyGrace ? <ValueSetting setting={keyGrace} kind="days" field="Days to keep ended API keys" /> : null}
    </div>
  );
}

function SourceNote({ setting }: { setting: SettingView }) {
  if (setting.source === "environment") {
    return (
      <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950">
        <strong className="font-semibold">Set by the server’s environment.</strong> It cannot be changed here: change the
        server’s environment variable and restart it.
      </p>
    );
  }
  return (
    <p className="text-sm text-slate-600">
      {setting.source === "default" ? "Default value." : `Saved here. Default: ${String(setting.default)}.`}
    </p>
  );
}

function FederationFlag({ setting, lifetime }: { setting: SettingView; lifetime?: SettingView }) {
  const update = useMutation(updateSettingsMutation());
  const [announcement, setAnnouncement] = useState("");
  const [confirming, setConfirming] = useState(false);
  const id = useId();
  const saved = setting.value === true;
  // While saving, the switch shows where it is going; on failure it is back at the server's state.
  const shown = update.isPending ? update.variables?.[FLAG] === true : saved;
  const stateText = update.isPending ? (shown ? "Turning on…" : "Turning off…") : saved ? "On" : "Off";

  function save(next: boolean) {
    setAnnouncement("");
    setConfirming(false);
    update.mutate(
      { [FLAG]: next },
      {
        onSuccess: (views) => {
          const now = views.find((v) => v.name === FLAG)?.value === true;
          setAnnouncement(`Identity federation is now ${now ? "on" : "off"}.`);
        },
      },
    );
  }

  function toggle(next: boolean) {
    setAnnouncement("");
    update.reset();
    // Turning it off stops every exchange at once: ask first.
    if (next) save(true);
    else setConfirming(true);
  }

  return (
    <Card className="space-y-4">
      <div className="flex items-start justify-between gap-4">
        <div className="space-y-1">
          <h2 id={`${id}-label`} className="text-base font-semibold text-slate-900">
            {setting.label}
          </h2>
          <p id={`${id}-description`} className="max-w-prose text-sm text-slate-700">
            {setting.description}
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-2 pt-1">
          <Switch
            checked={shown}
            pending={update.isPending}
            onCheckedChange={toggle}
            disabled={setting.read_only}
            aria-labelledby={`${id}-label`}
            aria-describedby={`${id}-description`}
          />
          <span className="min-w-8 text-sm font-medium text-slate-900" aria-hidden="true" data-testid="federation-state">
            {stateText}
          </span>
        </div>
      </div>
      <div className="max-w-prose space-y-2 text-sm text-slate-700">
        <p>
          <strong className="font-semibold text-slate-900">When on,</strong> a publisher’s tools (for example rsconnect in a
          Posit Workbench session) can trade the ID token of their single sign-on session for a short-lived API key of
          their own account, at <code className="break-all">POST /__api__/v1/oauth/integrations/credentials</code>. Only tokens from the
          identity providers trusted in{" "}
          <Link href="/integrations" className={linkClasses}>
            System › Integrations
          </Link>{" "}
          are accepted, and only for users who already exist here.
        </p>
        <p>
          <strong className="font-semibold text-slate-900">When off,</strong> every exchange is refused (reason{" "}
          <code>federation_disabled</code>). API keys already issued keep working until they expire.
        </p>
      </div>
      <SourceNote setting={setting} />
      <p role="status" className="text-sm font-medium text-emerald-800 empty:sr-only">
        {announcement}
      </p>
      {update.error ? (
        <Alert>
          Could not turn identity federation {update.variables?.[FLAG] ? "on" : "off"}: {update.error.message} It is still{" "}
          {saved ? "on" : "off"}.
        </Alert>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Turn off identity federation?"
        confirm="Turn off"
        onConfirm={() => save(false)}
      >
        <p>
          Every token exchange will be refused with <code>federation_disabled</code>: rsconnect, rsconnect-python and
          posit-sdk in Posit Workbench, and every other client of your integrations, can no longer get an API key from a
          sign-in.
        </p>
        <p>
          API keys already issued keep working until they expire
          {typeof lifetime?.value === "number" ? ` (under the current cap, at most ${formatDuration(lifetime.value)} after they were minted)` : ""}. Your
          integrations and their settings are kept: turning it back on resumes exchanges.
        </p>
      </ConfirmDialog>
    </Card>
  );
}

const KINDS = {
  text: { field: "Claim name", subject: "The claim", whole: undefined },
  seconds: { field: "Lifetime in seconds", subject: "The lifetime", whole: "seconds" },
  days: { field: "Days", subject: "The number of days", whole: "days" },
} as const;

function currently(kind: keyof typeof KINDS, value: SettingView["value"]): string {
  if (kind === "seconds") return `Currently ${formatDuration(Number(value))}.`;
  if (kind === "days") return Number(value) === 0 ? "Currently 0: kept forever." : `Currently ${Number(value)} days.`;
  return "";
}

function ValueSetting(props: { setting: SettingView; kind: keyof typeof KINDS; field?: string }) {
  const { setting, kind } = props;
  const update = useMutation(updateSettingsMutation());
  const [draft, setDraft] = useState(String(setting.value));
  const [error, setError] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [announcement, setAnnouncement] = useState("");
  const { subject, whole } = KINDS[kind];
  const field = props.field ?? KINDS[kind].field;
  const labels = { [setting.name]: subject };
  const current = currently(kind, setting.value);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (update.isPending) return;
    const form = event.currentTarget;
    setProblem(undefined);
    setAnnouncement("");
    const text = draft.trim();
    if (whole && !/^\d+$/.test(text)) {
      showFieldErrors(form, () => setError(`${subject} must be a whole number of ${whole}.`));
      return;
    }
    const parsed = patchSettingsSchema.safeParse({ [setting.name]: whole ? Number(text) : text });
    if (!parsed.success) {
      showFieldErrors(form, () => setError(clientFieldErrors(parsed.error.issues, labels)[setting.name]));
      return;
    }
    setError(undefined);
    try {
      const views = await update.mutateAsync(parsed.data);
      const saved = views.find((v) => v.name === setting.name);
      if (saved) setDraft(String(saved.value));
      setAnnouncement(`${setting.label} saved.`);
    } catch (err) {
      const fields = serverFieldErrors(err, labels);
      if (fields?.[setting.name]) {
        showFieldErrors(form, () => setError(fields[setting.name]));
      } else setProblem(messageOf(err, "Could not save the setting."));
    }
  }

  return (
    <Card>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <h2 className="text-base font-semibold text-slate-900">{setting.label}</h2>
        <div className="max-w-md">
          <Field
            label={field}
            name={setting.name}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            readOnly={setting.read_only}
            inputMode={whole ? "numeric" : undefined}
            autoCapitalize="none"
            spellCheck={false}
            hint={`${setting.description} ${current}`.trim()}
            error={error}
          />
        </div>
        <SourceNote setting={setting} />
        {problem ? <Alert>{problem}</Alert> : null}
        <div className="flex flex-wrap items-center gap-3">
          {setting.read_only ? null : (
            // aria-disabled, not disabled: the button keeps the keyboard's focus while saving.
            <Button type="submit" aria-disabled={update.isPending}>
              {update.isPending ? "Saving…" : "Save"}
              <span className="sr-only"> {setting.label}</span>
            </Button>
          )}
          <p role="status" className="text-sm font-medium text-emerald-800">
            {announcement}
          </p>
        </div>
      </form>
    </Card>
  );
}
