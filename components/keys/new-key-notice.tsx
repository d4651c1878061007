"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { CreatedApiKey } from "@/lib/keys/queries";

/** The one moment a key's secret is visible: the server keeps only its hash. */
export function NewKeyNotice({ created, onDismiss }: { created: CreatedApiKey; onDismiss: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copyStatus, setCopyStatus] = useState("");

  useEffect(() => {
    headingRef.current?.focus();
  }, [created.id]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopyStatus("Copied to the clipboard.");
    } catch {
      // No clipboard access (e.g. an insecure origin): select it so the person can copy it themselves.
      document.getElementById("new-api-key")?.focus();
      setCopyStatus("Could not copy automatically: the key is selected, press Ctrl+C (⌘C on a Mac) to copy it.");
    }
  }

  return (
    <Card className="space-y-3 border-emerald-300 bg-emerald-50">
      <h2 ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-emerald-950 focus:outline-none">
        Copy your new API key now
      </h2>
      <p className="max-w-prose text-sm text-emerald-950">
        <strong>You won’t see it again.</strong> This server keeps only a hash of the key, so nobody can show it to you
        later. If you lose it, revoke it and create another.
      </p>
      <div className="space-y-1">
        <Label htmlFor="new-api-key">API key “{created.name}”</Label>
        <div className="flex flex-wrap gap-2">
          <Input
            id="new-api-key"
            readOnly
            value={created.key}
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
            className="min-w-0 flex-1 basis-64 font-mono text-sm"
          />
          <Button variant="secondary" onClick={() => void copy()}>
            Copy<span className="sr-only"> the API key</span>
          </Button>
        </div>
      </div>
      <p role="status" className="text-sm font-medium text-emerald-900">
        {copyStatus}
      </p>
      <p className="text-sm text-emerald-950">
        Use it in the <code>Authorization</code> header: <code>Authorization: Key &lt;your key&gt;</code>.
      </p>
      <Button onClick={onDismiss}>I have copied it</Button>
    </Card>
  );
}
