"use client";

import { useState, type FormEvent } from "react";
import type { FieldErrors } from "@/components/forms/field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Combobox } from "@/components/ui/combobox";
import { Field } from "@/components/ui/field";
import { messageOf, showFieldErrors } from "@/components/users/forms";
import { SelectField } from "@/components/users/select-field";
import { auditQueries, type AuditFilters } from "@/lib/audit/queries";
import { REASONS } from "@/lib/federation/reasons";
import { findUserByUsername } from "@/lib/users/queries";

const ACTIONS = [
  "federation.exchange",
  "auth.sign_in",
  "user.create",
  "user.update",
  "api_key.create",
  "api_key.revoke",
  "integration.create",
  "integration.update",
  "integration.delete",
  "integration.revoke_keys",
  "setting.update",
  "content.create",
  "content.update",
  "content.delete",
  "content.bundle_upload",
  "content.deploy",
];
// Exchange failures, plus the sign-in one.
const REASON_CODES = [...Object.keys(REASONS), "invalid_credentials"].sort();

const any = (label: string) => ({ value: "", label });
const optionsOf = (values: string[], current?: string) =>
  (current && !values.includes(current) ? [...values, current] : values).map((v) => ({ value: v, label: v }));

/** datetime-local inputs hold UTC here, like every time on the page. */
const fromInput = (iso?: string) => (iso ? new Date(iso).toISOString().slice(0, 16) : "");
const toIso = (local: string) => (local ? new Date(`${local.length === 16 ? `${local}:00` : local}Z`).toISOString() : undefined);

/** The filters, with the names the form shows for the user and integration they hold by guid. */
export type AppliedFilters = { filters: AuditFilters; username: string; integrationName: string };

/** Uncontrolled: key it by what it shows, so applying or clearing resets the fields. */
export function AuditFiltersForm({
  applied,
  onApply,
}: {
  applied: AppliedFilters;
  onApply: (next: AppliedFilters) => void;
}) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string>();
  const [pending, setPending] = useState(false);
  const { filters } = applied;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? "").trim();
    setProblem(undefined);
    const next: AuditFilters = {};
    for (const name of ["integration", "outcome", "reason", "action"] as const) if (value(name)) next[name] = value(name);
    const from = toIso(value("from"));
    const to = toIso(value("to"));
    const found: FieldErrors = {};
    const integrationName = value("integration_text");
    if (integrationName && !next.integration) found.integration = `Choose an integration from the matches for “${integrationName}”.`;
    if (from && to && from >= to) found.to = "To must be later than From.";
    if (from) next.from = from;
    if (to) next.to = to;

    const username = value("user");
    if (username && username === applied.username && filters.user) {
      next.user = filters.user;
    } else if (username) {
      setPending(true);
      try {
        const user = await findUserByUsername(username);
        if (user) next.user = user.guid;
        else found.user = `No user is named “${username}”.`;
      } catch (err) {
        setProblem(messageOf(err, "Could not look up the user."));
        return;
      } finally {
        setPending(false);
      }
    }
    showFieldErrors(form, () => setErrors(found));
    if (Object.keys(found).length) return;
    onApply({ filters: next, username, integrationName: next.integration ? integrationName : "" });
  }

  return (
    <Card>
      <form onSubmit={onSubmit} noValidate aria-label="Filter the audit log" className="space-y-4">
        {problem && <Alert>{problem}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <Combobox
            label="Integration"
            name="integration"
            hint="Type the start of its name, then choose it."
            placeholder="Any integration"
            initial={filters.integration ? { value: filters.integration, label: applied.integrationName } : undefined}
            optionsFor={auditQueries.integrationSearch}
            error={errors.integration}
          />
          <SelectField
            label="Outcome"
            name="outcome"
            defaultValue={filters.outcome ?? ""}
            options={[any("Any outcome"), { value: "success", label: "Success" }, { value: "failure", label: "Failure" }]}
          />
          <SelectField
            label="Reason"
            name="reason"
            defaultValue={filters.reason ?? ""}
            options={[any("Any reason"), ...optionsOf(REASON_CODES, filters.reason)]}
          />
          <SelectField
            label="Action"
            name="action"
            defaultValue={filters.action ?? ""}
            options={[any("Any action"), ...optionsOf(ACTIONS, filters.action)]}
          />
          <Field
            label="User"
            name="user"
            defaultValue={applied.username}
            hint="Exact username: events about or by this user."
            autoCapitalize="none"
            spellCheck={false}
            error={errors.user}
          />
          <div className="grid grid-cols-1 gap-4 sm:col-span-2 sm:grid-cols-2 lg:col-span-1 lg:grid-cols-1">
            <Field label="From (UTC)" name="from" type="datetime-local" defaultValue={fromInput(filters.from)} error={errors.from} />
            <Field label="To (UTC)" name="to" type="datetime-local" defaultValue={fromInput(filters.to)} error={errors.to} />
          </div>
        </div>
        <div className="flex flex-wrap gap-3">
          <Button type="submit" disabled={pending}>
            {pending ? "Looking up the user…" : "Apply filters"}
          </Button>
          <Button variant="secondary" onClick={() => onApply({ filters: {}, username: "", integrationName: "" })}>
            Clear filters
          </Button>
        </div>
      </form>
    </Card>
  );
}
