"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Anything the integration pages could not render: say so, offer a retry, keep the shell. */
export default function IntegrationsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Integrations</h1>
      <Alert>
        <p>This page could not be loaded{error.digest ? ` (error ${error.digest})` : ""}. The server log has the details.</p>
        <Button variant="secondary" className="mt-3" onClick={reset}>
          Try again
        </Button>
      </Alert>
    </div>
  );
}
