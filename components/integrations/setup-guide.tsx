"use client";

import { useSyncExternalStore } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { setupGuide, subjectExample, type GuideIntegration } from "@/lib/federation/setup-guide";
import { CreateMappedUser } from "./create-mapped-user";

const noSubscription = () => () => undefined;

/** PUBLIC_URL when the server has one, else the address this browser reached it at. */
function useServerUrl(configured: string | null): string {
  const origin = useSyncExternalStore(noSubscription, () => window.location.origin, () => null);
  return configured ?? origin ?? "https://CONNECT_SERVER";
}

/** What to set up on the other side, and the snippets a publisher runs, with this server and integration filled in. */
export function SetupGuide({ integration, serverUrl }: { integration: GuideIntegration; serverUrl: string | null }) {
  const server = useServerUrl(serverUrl);
  const guide = setupGuide(integration, server);
  const matchClaim = String(integration.config.match_claim ?? "sub");
  return (
    <section aria-labelledby="guide-heading" className="space-y-6" data-guide={guide.kind}>
      <div className="space-y-2">
        <h2 id="guide-heading" className="text-lg font-semibold text-slate-900">
          Setup guide: {guide.title}
        </h2>
        <p className="max-w-prose text-sm text-slate-700">{guide.intro}</p>
        {guide.docs_url ? (
          <p className="text-sm">
            <a href={guide.docs_url} className="font-medium text-blue-700 underline underline-offset-2" rel="noreferrer" target="_blank">
              {guide.title} documentation
            </a>
          </p>
        ) : null}
      </div>
      <ol className="space-y-8">
        {guide.steps.map((step, n) => (
          <li key={step.title} className="space-y-3">
            <h3 className="font-semibold text-slate-900">
              {n + 1}. {step.title}
            </h3>
            {step.text.map((t) => (
              <p key={t} className="max-w-prose text-sm text-slate-700">
                {t}
              </p>
            ))}
            {step.action === "create-service-user" ? (
              <CreateMappedUser matchClaim={matchClaim} externalId={subjectExample(integration)} serviceUser label="Create a service user…" />
            ) : null}
            {step.snippets.map((s) => (
              <figure key={s.id} className="space-y-2" data-snippet={s.id}>
                <figcaption className="flex flex-wrap items-center justify-between gap-2 text-sm font-medium text-slate-900">
                  {s.title}
                  <CopyButton text={s.code} label={s.title} />
                </figcaption>
                <pre tabIndex={0} aria-label={s.title} className="overflow-x-auto rounded-md bg-slate-900 p-4 text-xs leading-relaxed text-slate-100">
                  <code>{s.code}</code>
                </pre>
              </figure>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
