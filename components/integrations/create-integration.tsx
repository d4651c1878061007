"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CardsSkeleton } from "@/components/ui/skeleton";
import { createIntegrationMutation, federationQueries, type TemplatePreset } from "@/lib/federation/queries";
import type { CreateIntegrationInput, TemplateId } from "@/lib/federation/schema";
import { IntegrationForm } from "./integration-form";

/** Choose a template, then fill the form generated from its fields. */
export function CreateIntegration({ initialTemplate }: { initialTemplate?: TemplateId }) {
  const router = useRouter();
  const templates = useQuery(federationQueries.templates());
  const create = useMutation(createIntegrationMutation());
  const [templateId, setTemplateId] = useState<TemplateId | undefined>(initialTemplate);
  const [presetId, setPresetId] = useState<string>();

  if (templates.isPending) return <CardsSkeleton label="Loading templates…" />;
  if (templates.error) {
    return (
      <Alert>
        Could not load the integration templates: {templates.error.message}{" "}
        <Button variant="secondary" className="ml-2" onClick={() => void templates.refetch()}>
          Try again
        </Button>
      </Alert>
    );
  }
  const template = templates.data.find((t) => t.id === templateId);
  const preset = template?.presets.find((p) => p.id === presetId);

  return (
    <div className="space-y-6">
      <fieldset className="space-y-3">
        <legend className="mb-2 text-lg font-semibold text-slate-900">1. Choose a template</legend>
        <div className="grid gap-3 lg:grid-cols-2">
          {templates.data.map((t) => (
            <label
              key={t.id}
              className={cn(
                "flex cursor-pointer gap-3 rounded-lg border bg-white p-4 shadow-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-blue-700",
                t.id === templateId ? "border-blue-700 ring-1 ring-blue-700" : "border-slate-300 hover:border-slate-400",
              )}
            >
              <input
                type="radio"
                name="template"
                value={t.id}
                checked={t.id === templateId}
                onChange={() => {
                  setTemplateId(t.id);
                  setPresetId(undefined);
                }}
                className="mt-1 size-4 shrink-0 accent-blue-700"
              />
              <span className="space-y-1">
                <span className="block font-semibold text-slate-900">{t.name}</span>
                <span className="block text-sm text-slate-700">{t.description}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {template ? (
        <section aria-labelledby="integration-settings-heading" className="space-y-3">
          <h2 id="integration-settings-heading" className="text-lg font-semibold text-slate-900">
            2. {template.name} settings
          </h2>
          {template.presets.length ? <PresetPicker presets={template.presets} value={presetId} onChange={setPresetId} /> : null}
          {preset ? <PresetSummary preset={preset} /> : null}
          <Card>
            <IntegrationForm
              // A preset fills a fresh form: choosing another starts over.
              key={`${template.id}:${preset?.id ?? ""}`}
              template={template}
              preset={preset}
              mode="create"
              submitLabel="Create integration"
              pendingLabel="Creating…"
              onCancel={() => router.push("/integrations")}
              onSubmit={async (values, checked) => {
                // The check of these values becomes the new integration's first health check.
                const body = { template: template.id, ...values, last_verify: checked ?? null };
                const created = await create.mutateAsync(body as CreateIntegrationInput);
                router.push(`/integrations/${created.guid}`);
              }}
            />
          </Card>
        </section>
      ) : (
        <p className="text-sm text-slate-700">Choose a template to see its settings.</p>
      )}
    </div>
  );
}

/** Presets of the generic template: they fill the form below, where every value stays visible and editable. */
function PresetPicker({ presets, value, onChange }: { presets: TemplatePreset[]; value?: string; onChange: (id?: string) => void }) {
  const options = [{ id: "", name: "None", description: "Start from empty fields." }, ...presets];
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-semibold text-slate-900">Start from a preset (optional)</legend>
      <p className="text-sm text-slate-700">
        A preset fills in the fields for a well-known issuer and explains each one. Choosing another preset starts the form over.
      </p>
      <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
        {options.map((p) => (
          <label
            key={p.id}
            className={cn(
              "flex cursor-pointer gap-2 rounded-md border bg-white p-3 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-blue-700",
              (value ?? "") === p.id ? "border-blue-700 ring-1 ring-blue-700" : "border-slate-300 hover:border-slate-400",
            )}
          >
            <input
              type="radio"
              name="preset"
              value={p.id}
              checked={(value ?? "") === p.id}
              onChange={() => onChange(p.id || undefined)}
              className="mt-0.5 size-4 shrink-0 accent-blue-700"
            />
            <span className="font-medium text-slate-900">{p.name}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function PresetSummary({ preset }: { preset: TemplatePreset }) {
  return (
    <section aria-label={`${preset.name} preset`} className="space-y-2 rounded-md border border-blue-200 bg-blue-50 p-4 text-sm text-slate-900">
      <p>{preset.description}</p>
      <p>
        Replace every upper-case placeholder ({preset.placeholders.join(", ")}) with your own values: the form will not save while
        one remains. Each field below says why the preset set it.
      </p>
      <p>
        Tokens map to the existing publisher whose external_id equals the token&rsquo;s <code>sub</code>, such as{" "}
        <code className="break-all">{preset.subject_example}</code>. Create that user before the first exchange.
      </p>
      <p>
        <a className="font-medium text-blue-700 underline" href={preset.docs_url} target="_blank" rel="noreferrer">
          {preset.name} documentation<span className="sr-only"> (opens in a new tab)</span>
        </a>
      </p>
    </section>
  );
}
