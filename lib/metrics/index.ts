// Prometheus metrics, one registry per process, shared by every route bundle.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { processSingleton } from "@/lib/process/singleton";

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    exchanges: new Counter({
      name: "federation_exchanges_total",
      help: "Token exchange attempts by integration, outcome and reason.",
      labelNames: ["integration", "outcome", "reason"] as const,
      registers: [registry],
    }),
    exchangeSeconds: new Histogram({
      name: "federation_exchange_duration_seconds",
      help: "Time to answer a token exchange.",
      labelNames: ["outcome"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    providerFetches: new Counter({
      name: "federation_provider_fetches_total",
      help: "Fetches of discovery documents and key sets from identity providers.",
      labelNames: ["kind", "outcome"] as const,
      registers: [registry],
    }),
    cacheHits: new Counter({
      name: "federation_provider_cache_hits_total",
      help: "Discovery documents and key sets served from the cache.",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    retentionDeleted: new Counter({
      name: "federation_retention_deleted_rows_total",
      help: "Rows deleted by retention: audit events past their retention, API keys past their grace period, single-use token records past their token's expiry.",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
  };
}

const m = processSingleton("metrics", build);

export const metrics = {
  exchange(integration: string, outcome: "success" | "failure", reason: string, seconds: number) {
    m.exchanges.inc({ integration, outcome, reason });
    m.exchangeSeconds.observe({ outcome }, seconds);
  },
  providerFetch(kind: "discovery" | "jwks", outcome: "ok" | "error") {
    m.providerFetches.inc({ kind, outcome });
  },
  cacheHit(kind: "discovery" | "jwks") {
    m.cacheHits.inc({ kind });
  },
  retentionDeleted(kind: "audit_event" | "api_key" | "used_token", rows: number) {
    m.retentionDeleted.inc({ kind }, rows);
  },
  contentType: () => m.registry.contentType,
  render: () => m.registry.metrics(),
};
