// next.config.ts's global headers() replace a route's own Content-Security-Policy,
// so the sandbox for served bundles must be declared there too (checked in a
// browser: without it, inline scripts in a bundle run on the dashboard's origin).
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { USER_CONTENT_CSP, USER_CONTENT_SOURCE } from "@/lib/content/headers";

describe("security headers of served content", () => {
  it("next.config.ts gives /content/{guid}/… the sandbox CSP, after the global headers", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const cspOf = (rule: (typeof rules)[number]) =>
      rule.headers.find((h) => h.key.toLowerCase() === "content-security-policy")?.value;
    const index = rules.findLastIndex((r) => r.source === USER_CONTENT_SOURCE && cspOf(r) !== undefined);
    expect(index, `add { source: "${USER_CONTENT_SOURCE}", headers: [CSP = USER_CONTENT_CSP] } to next.config.ts`).toBeGreaterThanOrEqual(0);
    expect(cspOf(rules[index])).toBe(USER_CONTENT_CSP);
    const later = rules.slice(index + 1).filter((r) => cspOf(r) !== undefined);
    expect(later).toEqual([]);
  });
});
