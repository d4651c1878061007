// The hourly retention run of a server process. Timers are unref'd: they never
// keep a process alive, and the first run waits until start-up is over.
import { log } from "@/lib/log";
import { processSingleton } from "@/lib/process/singleton";
import { prune } from "./service";

const EVERY_MS = 3_600_000;
const FIRST_AFTER_MS = 60_000;

/** Starts the process's job, once, whichever route bundle asks. */
export function startRetentionJob(): void {
  processSingleton("retention.job", schedule);
}

function schedule(): NodeJS.Timeout {
  const run = () => {
    const started = Date.now();
    prune().then(
      (r) => {
        if (r.ran && (r.auditEvents || r.apiKeys || r.usedTokens)) {
          log.info("retention pruned", { audit_events: r.auditEvents, api_keys: r.apiKeys, used_tokens: r.usedTokens, ms: Date.now() - started });
        }
      },
      (err: unknown) => log.error("retention failed", { error: err instanceof Error ? err.message : String(err) }),
    );
  };
  setTimeout(run, FIRST_AFTER_MS).unref();
  return setInterval(run, EVERY_MS).unref();
}
