import { afterAll, describe, expect, it, vi } from "vitest";

// Set before any module reads the configuration; this file's modules are its own.
const TOKEN = vi.hoisted(() => (process.env.METRICS_TOKEN = "scrape-token-0123456789"));

import * as metricsRoute from "@/app/metrics/route";
import { loadConfig } from "@/lib/config/load";
import { mayScrape } from "@/lib/metrics/access";

afterAll(() => {
  delete process.env.METRICS_TOKEN;
});

const scrape = (authorization?: string) =>
  metricsRoute.GET(new Request("http://127.0.0.1/metrics", { headers: authorization ? { authorization } : {} }));

describe("GET /metrics with METRICS_TOKEN set", () => {
  it("answers the bearer of the token", async () => {
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^# HELP /m);
  });

  it("refuses a scrape without the token, or with another one, and says how to authenticate", async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN]) {
      const res = await scrape(authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.text()).not.toMatch(/federation_/);
    }
  });
});

describe("mayScrape", () => {
  it("lets anyone scrape when no token is configured", () => {
    expect(mayScrape(null, undefined)).toBe(true);
  });

  it("compares the whole token; the scheme's case does not matter", () => {
    expect(mayScrape("bearer abcdefghijklmnop", "abcdefghijklmnop")).toBe(true);
    expect(mayScrape("Bearer abcdefghijklmno", "abcdefghijklmnop")).toBe(false);
    expect(mayScrape("Bearer abcdefghijklmnopq", "abcdefghijklmnop")).toBe(false);
    expect(mayScrape("Bearer", "abcdefghijklmnop")).toBe(false);
  });

  it("a short METRICS_TOKEN, or one with spaces, is a configuration error that names it", () => {
    expect(() => loadConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: use at least 16 characters/);
    expect(() => loadConfig({ METRICS_TOKEN: "sixteen chars or more" })).toThrow(/METRICS_TOKEN: no spaces/);
  });
});
