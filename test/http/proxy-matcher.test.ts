// Which requests pass through proxy.ts (its `config.matcher`), as Next.js decides it.
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import { config } from "@/proxy";

const sees = (url: string, headers: Record<string, string> = {}) => unstable_doesMiddlewareMatch({ config, url, headers });

describe("the proxy's matcher", () => {
  it("sees every dashboard page, including ones that do not exist", () => {
    for (const url of ["/", "/integrations", "/integrations/abc?tab=debugger", "/login", "/no-such-page", "/healthz-not", "/metricsx"]) {
      expect(sees(url), url).toBe(true);
    }
  });

  it("leaves probes, scrapes and the API to their own routes: they need no nonce", () => {
    for (const url of ["/healthz", "/readyz", "/metrics", "/__ping__", "/__api__/v1/user", "/_next/static/chunks/a.js"]) {
      expect(sees(url), url).toBe(false);
    }
  });

  it("still sees a probe's path with a percent-escape, so a bad one gets its 400", () => {
    expect(sees("/healthz%FF")).toBe(true);
  });
});
