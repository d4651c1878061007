// Issue #12 findings 3 and 8 with the server configured: behind trusted proxies
// (TRUSTED_PROXIES) and reached over https (PUBLIC_URL).
import { vi, describe, expect, it } from "vitest";

vi.hoisted(() => {
  process.env.TRUSTED_PROXIES = "10.0.0.0/8";
  process.env.PUBLIC_URL = "https://federation.example.com";
});

import { NextRequest } from "next/server";
import { db } from "@/lib/db";
import * as credentials from "@/app/%5F_api__/v1/oauth/integrations/credentials/route";
import * as metadata from "@/app/.well-known/oauth-authorization-server/route";
import { proxy } from "@/proxy";
import { call, fromPeer, unique } from "../support/fixtures";
import { exchangeForm } from "../support/federation";

async function auditedAddressOf(headers: Record<string, string>) {
  await call(credentials.POST, {
    method: "POST",
    rawBody: exchangeForm(`not-a-token-${unique()}`),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });
  const event = await db.auditEvent.findFirstOrThrow({ where: { action: "federation.exchange" }, orderBy: { id: "desc" } });
  return event.actorIp;
}

describe("behind a trusted proxy", () => {
  it("the client address is what the trusted proxy forwarded", async () => {
    expect(await auditedAddressOf(fromPeer("10.0.0.2", { "x-forwarded-for": "198.51.100.31" }))).toBe("198.51.100.31");
    // What the client itself put in front of the proxy's entry is not believed.
    expect(await auditedAddressOf(fromPeer("10.0.0.2", { "x-forwarded-for": "192.0.2.1, 198.51.100.32" }))).toBe(
      "198.51.100.32",
    );
  });

  it("a peer outside TRUSTED_PROXIES is the client, whatever it forwards", async () => {
    expect(await auditedAddressOf(fromPeer("203.0.113.33", { "x-forwarded-for": "10.0.0.9" }))).toBe("203.0.113.33");
  });
});

describe("reached over https", () => {
  it("pages are sent with HSTS", () => {
    const page = proxy(new NextRequest("https://federation.example.com/login"));
    expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000");
    const redirect = proxy(new NextRequest("https://federation.example.com/users/"));
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get("strict-transport-security")).toBe("max-age=31536000");
  });

  it("the OAuth metadata names PUBLIC_URL, not the Host a client sent", async () => {
    const res = await call(async (req) => metadata.GET(req), {
      path: "/.well-known/oauth-authorization-server",
      headers: { host: "evil.example" },
    });
    expect(res.body.issuer).toBe("https://federation.example.com");
    expect(res.body.token_endpoint).toBe("https://federation.example.com/oauth/token");
  });
});
