// The hourly retention run of a server process. Timers are unref'd: they never
// keep a process alive, and the first run waits until start-up is over.
import { log } from "@/lib/log";
import { prune } from "./service";

const EVERY_MS = 3_600_000;
const FIRST_AFTER_MS = 60_000;

const store = globalThis as unknown as { federationRetentionJob?: NodeJS.Timeout };

export function startRetentionJob(): void {
  if (store.federationRetentionJob) return;
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
  store.federationRetentionJob = setInterval(run, EVERY_MS).unref();
}
