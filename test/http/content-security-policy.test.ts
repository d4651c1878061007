// The dashboard's CSP: pages run only scripts carrying this request's nonce
// (proxy.ts), never inline scripts by 'unsafe-inline'; forms post only here.
// The browser side (no violation on the main pages) is e2e/content-security-policy.spec.ts.
import { NextRequest } from "next/server";
import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { proxy } from "@/proxy";
import { USER_CONTENT_SOURCE } from "@/lib/content/headers";

const BASE = "http://127.0.0.1:3000";
const directives = (csp: string | null) =>
  new Map((csp ?? "").split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values] as const));

describe("the dashboard's Content-Security-Policy", () => {
  it("gives each page a new nonce, in the response and in the request Next.js renders from", () => {
    const res = proxy(new NextRequest(`${BASE}/login`));
    const csp = res.headers.get("content-security-policy");
    const script = directives(csp).get("script-src")!;
    expect(script).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{22}==?'$/), "'strict-dynamic'"]);
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    // Styles keep inline styles (and so take no nonce: with one, browsers ignore 'unsafe-inline').
    expect(directives(csp).get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives(csp).get("form-action")).toEqual(["'self'"]);
    expect(directives(csp).get("object-src")).toEqual(["'none'"]);
    expect(directives(csp).get("frame-ancestors")).toEqual(["'none'"]);

    // Next.js reads the nonce from the request's header (NextResponse.next's override) to put it on its scripts.
    expect(res.headers.get("x-middleware-override-headers")?.split(",")).toContain("content-security-policy");
    const rendered = res.headers.get("x-middleware-request-content-security-policy");
    expect(rendered).toBe(csp);
    expect(getScriptNonceFromHeader(rendered!)).toBe(/'nonce-([^']+)'/.exec(csp!)![1]);

    const again = proxy(new NextRequest(`${BASE}/login`)).headers.get("content-security-policy");
    expect(again).not.toBe(csp);
  });

  it("is on the dashboard's redirects and refusals too", () => {
    for (const res of [
      proxy(new NextRequest(`${BASE}/users/`)), // trailing-slash redirect
      proxy(new NextRequest(`${BASE}/users/%FF`)), // undecodable path
    ]) {
      expect(getScriptNonceFromHeader(res.headers.get("content-security-policy") ?? "")).toEqual(expect.any(String));
    }
  });

  it("leaves the API and served bundles alone: a bundle keeps its sandbox", () => {
    const bundle = proxy(new NextRequest(`${BASE}/content/0b8c1f0e-0000-4000-8000-000000000000/a%20b.html`));
    expect(bundle.headers.get("content-security-policy")).toBeNull();
    expect(bundle.headers.get("x-middleware-override-headers")).toBeNull();
    const api = proxy(new NextRequest(`${BASE}/__api__/v1/%FF`));
    expect(api.status).toBe(400);
    expect(api.headers.get("content-security-policy")).toBeNull();
  });

  it("next.config.ts's static policy (responses the proxy does not see) allows no inline script either", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const global = rules.find((r) => r.source === "/:path*")!;
    const csp = global.headers.find((h) => h.key === "Content-Security-Policy")!.value;
    expect(directives(csp).get("script-src")).toEqual(["'self'"]);
    expect(directives(csp).get("form-action")).toEqual(["'self'"]);
    // The served-content rule still comes after it (test/content/security-headers.test.ts checks its value).
    expect(rules.findIndex((r) => r.source === USER_CONTENT_SOURCE)).toBeGreaterThan(rules.indexOf(global));
  });
});
