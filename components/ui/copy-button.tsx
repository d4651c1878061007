"use client";

import { useState } from "react";
import { Button } from "./button";

/** Copies `text` to the clipboard and says so (or says it could not, e.g. on plain http). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        className="min-h-8 px-3 py-1 text-xs"
        aria-label={`Copy ${label}`}
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setState("copied"),
            () => setState("failed"),
          )
        }
      >
        Copy
      </Button>
      <span role="status" className="text-xs text-slate-700">
        {state === "copied" ? "Copied." : state === "failed" ? "Could not copy: select the text instead." : ""}
      </span>
    </span>
  );
}
