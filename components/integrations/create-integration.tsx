"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { createIntegrationMutation, federationQueries } from "@/lib/federation/queries";
import type { CreateIntegrationInput, TemplateId } from "@/lib/federation/schema";
import { IntegrationForm } from "./integration-form";

/** Choose a template, then fill the form generated from its fields. */
export function CreateIntegration({ initialTemplate }: { initialTemplate?: TemplateId }) {
  const router = useRouter();
  const templates = useQuery(federationQueries.templates());
  const create = useMutation(createIntegrationMutation());
  const [templateId, setTemplateId] = useState<TemplateId | undefined>(initialTemplate);

  if (templates.isPending) return <p role="status" className="text-slate-700">Loading templates…</p>;
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
                onChange={() => setTemplateId(t.id)}
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
          <Card>
            <IntegrationForm
              key={template.id}
              template={template}
              mode="create"
              submitLabel="Create integration"
              pendingLabel="Creating…"
              onCancel={() => router.push("/integrations")}
              onSubmit={async (values) => {
                const created = await create.mutateAsync({ template: template.id, ...values } as CreateIntegrationInput);
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
