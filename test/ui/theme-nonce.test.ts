// The theme's inline script (components/ui/theme.tsx) needs the nonce proxy.ts gave the page.
import { NextRequest } from "next/server";
import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header";
import { expect, test } from "vitest";
import { proxy } from "@/proxy";
import { nonceOf } from "@/lib/http/csp";

test("the root layout reads the same nonce from the request's policy as Next.js puts on its own scripts", () => {
  const res = proxy(new NextRequest("http://127.0.0.1:3000/settings"));
  const rendered = res.headers.get("x-middleware-request-content-security-policy");
  expect(nonceOf(rendered)).toMatch(/^[A-Za-z0-9+/]{22}==?$/);
  expect(nonceOf(rendered)).toBe(getScriptNonceFromHeader(rendered!));
  expect(nonceOf(null)).toBeUndefined();
});
