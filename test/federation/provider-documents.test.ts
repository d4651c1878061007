// What an identity provider publishes is input too: a malformed key or discovery
// document is dropped or refused with a clear health-check result, never stored
// in a shape that breaks the integration page.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clearKeyCache } from "@/lib/federation/provider-keys";
import { verifyResultSchema } from "@/lib/federation/schema";
import { ConnectionResult } from "@/components/integrations/connection-result";
import * as list from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as detail from "@/app/%5F_api__/v1/oauth/integrations/[guid]/route";
import * as explain from "@/app/%5F_api__/v1/oauth/integrations/explain/route";
import * as verify from "@/app/%5F_api__/v1/oauth/integrations/[guid]/verify/route";
import { call, makeUser, unique } from "../support/fixtures";
import { exchange, exchangeForm, expectRejected, signToken, trustedProviderForFile } from "../support/federation";

const provider = trustedProviderForFile();
let admin: Awaited<ReturnType<typeof makeUser>>;
let jwksServer: Server;
let jwksUrl: string;
let served: unknown;

beforeAll(async () => {
  admin = await makeUser({ role: "administrator" });
  jwksServer = createServer((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(served)));
  await new Promise<void>((r) => jwksServer.listen(0, "127.0.0.1", r));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
});

afterAll(() => new Promise<void>((r) => jwksServer.close(() => r())));

beforeEach(() => {
  provider.op.setDiscoveryOverride();
  clearKeyCache();
});

/** The provider's discovery document now points at a key set holding exactly these keys. */
function publishKeys(keys: unknown[]) {
  served = { keys };
  provider.op.setDiscoveryOverride((doc) => ({ ...doc, jwks_uri: jwksUrl }));
}

const runHealthCheck = () => call(verify.POST, { method: "POST", key: admin.key, params: { guid: provider.integration.guid } });

describe("a key set with malformed keys", () => {
  it("drops them, says so in the health check, stores a result that renders, and keeps the good key working", async () => {
    const good = provider.op.publicJwks().keys[0] as JsonWebKey & { kid: string };
    publishKeys([
      { ...good, kid: { a: 1 } },
      good,
      { kty: "RSA", kid: "no-modulus", e: "AQAB" },
      "junk",
      { kty: "oct", kid: "shared-secret", k: "c2VjcmV0" }, // symmetric: never used, not an error
    ]);
    const res = await runHealthCheck();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ ok: true, jwks: { ok: true, kids: [good.kid], key_count: 1, dropped_count: 3 } });
    expect(res.body.jwks.dropped).toEqual([
      { index: 0, problem: "kid must be a string" },
      { index: 2, kid: "no-modulus", problem: expect.stringMatching(/^n must be a base64url string/) },
      { index: 3, problem: "not a JSON object" },
    ]);

    // Stored in the shape the page reads, and served back the same way.
    const row = await db.integration.findUniqueOrThrow({ where: { id: provider.integration.id } });
    expect({ ...verifyResultSchema.parse(JSON.parse(row.lastVerify!)), stale: false }).toEqual(res.body);
    const shown = await call(detail.GET, { key: admin.key, params: { guid: provider.integration.guid } });
    expect(shown.status).toBe(200);
    expect(shown.body.last_verify).toEqual(res.body);

    const html = renderToStaticMarkup(createElement(ConnectionResult, { result: shown.body.last_verify, title: "Last health check" }));
    expect(html).toContain(good.kid);
    expect(html).toContain("3 published keys are not well formed");
    expect(html).toContain("kid must be a string");

    const sub = unique("sub");
    await makeUser({ externalId: sub });
    const ok = await exchange(exchangeForm(await provider.op.getIdToken(sub)));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);

    // A token naming the malformed key is refused, and the reason says what is wrong with the key.
    const rejected = await expectRejected(exchangeForm(await signToken(provider.op, { sub }, { kid: "no-modulus" })), 401, "kid_not_found");
    expect(rejected.body.error).toMatch(/not well formed \(n must be a base64url string/);
  });

  it("reports a key set with no well-formed key as failing", async () => {
    publishKeys([{ kty: "EC", kid: 5, crv: "P-256" }]);
    const res = await runHealthCheck();
    expect(res.body).toMatchObject({ ok: false, jwks: { ok: false, key_count: 0, dropped_count: 1 } });
    expect(res.body.jwks.error).toMatch(/no well-formed signing keys/);
    expect(res.body.jwks.dropped[0].problem).toMatch(/kid must be a string/);
  });

  it("refuses a token whose key is well formed but unusable, without a server error", async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    const ec = { ...(await exportJWK(publicKey)), kid: "odd-curve" };
    publishKeys([provider.op.publicJwks().keys[0], { ...ec, crv: "P-999" }]);
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    const token = await signToken(provider.op, { sub }, { alg: "ES256" }, { ...(await exportJWK(privateKey)), kid: "odd-curve" });
    const res = await expectRejected(exchangeForm(token), 401, "kid_not_found");
    expect(res.body.error).toMatch(/odd-curve cannot be used for ES256/);
  });
});

describe("a malformed discovery document", () => {
  it("is refused with what is wrong, before its jwks_uri is used", async () => {
    provider.op.setDiscoveryOverride((doc) => ({ ...doc, jwks_uri: { a: 1 } }));
    const res = await runHealthCheck();
    expect(res.body).toMatchObject({ ok: false, discovery: { ok: false, reason: "discovery_unreachable" } });
    expect(res.body.discovery.error).toMatch(/jwks_uri must be a string/);
    await expectRejected(exchangeForm(await signToken(provider.op)), 503, "discovery_unreachable");
  });

  it("that is not an object has no issuer to match", async () => {
    provider.op.setDiscoveryOverride(() => [] as never);
    const res = await runHealthCheck();
    expect(res.body.discovery).toMatchObject({ ok: false, reason: "discovery_issuer_mismatch" });
    expect(res.body.discovery.error).toMatch(/no issuer string/);
  });
});

describe("a stored health check that no longer parses", () => {
  it("reads as no result on the list and the detail, instead of breaking the page", async () => {
    const old = {
      ok: true,
      checked_at: new Date().toISOString(),
      issuer: provider.op.issuer,
      discovery: { ok: true, url: `${provider.op.issuer}/.well-known/openid-configuration` },
      jwks: { ok: true, kids: [{ a: 1 }], key_count: 1 },
    };
    for (const stored of [JSON.stringify(old), "{not json"]) {
      await db.integration.update({ where: { id: provider.integration.id }, data: { lastVerify: stored } });
      const one = await call(detail.GET, { key: admin.key, params: { guid: provider.integration.guid } });
      expect(one.status, JSON.stringify(one.body)).toBe(200);
      expect(one.body.last_verify).toBeNull();
      const all = await call(list.GET, { key: admin.key });
      expect(all.status).toBe(200);
      expect(all.body.find((i: { guid: string }) => i.guid === provider.integration.guid).last_verify).toBeNull();
    }
  });

  it("is replaced by the next health check", async () => {
    const res = await runHealthCheck();
    expect(res.body.ok).toBe(true);
    const one = await call(detail.GET, { key: admin.key, params: { guid: provider.integration.guid } });
    expect(one.body.last_verify).toEqual(res.body);
  });
});

describe("the token debugger", () => {
  it("names the malformed key a token's kid points at", async () => {
    publishKeys([provider.op.publicJwks().keys[0], { kty: "RSA", kid: "no-modulus", e: "AQAB" }]);
    const res = await call(explain.POST, {
      method: "POST",
      key: admin.key,
      body: { token: await signToken(provider.op, {}, { kid: "no-modulus" }) },
    });
    const kid = res.body.checks.find((c: { id: string }) => c.id === "kid");
    expect(kid).toMatchObject({ status: "fail", reason: "kid_not_found", expected: [provider.op.privateJwk().kid] });
    expect(kid.fix).toMatch(/not well formed/);
  });
});
