import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair } from "jose";
import { db } from "@/lib/db";
import { reloadConfig } from "@/lib/config/env";
import { clearKeyCache } from "@/lib/federation/provider-keys";
import { updateIntegration, deleteIntegration, type LoadedIntegration } from "@/lib/federation/integrations";
import * as me from "@/app/%5F_api__/v1/user/route";
import { startOidcProvider, type OidcFixture } from "../support/oidc-provider";
import { call, makeUser, unique } from "../support/fixtures";
import { exchange, exchangeForm, expectRejected, setFederation, signToken, trustProvider } from "../support/federation";

let op: OidcFixture;
let integration: LoadedIntegration;

beforeAll(async () => {
  process.env.FEDERATION_JWKS_REFETCH_COOLDOWN_MS = "300";
  reloadConfig();
  op = await startOidcProvider({ clients: [{ client_id: "workbench", client_secret: "s", redirect_uris: ["http://127.0.0.1/cb"] }] });
  integration = await trustProvider(op);
  await setFederation(true);
});

afterAll(async () => {
  await deleteIntegration(integration.guid, "system").catch(() => undefined);
  await op?.close();
});

beforeEach(() => {
  op.setDiscoveryOverride();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("token exchange — success", () => {
  it("exchanges a real ID token for a key of the mapped user (rsconnect's request)", async () => {
    const sub = unique("sub");
    const { user } = await makeUser({ role: "publisher", externalId: sub });
    const token = await op.getIdToken(sub);
    const before = Math.floor(Date.now() / 1000);
    const res = await exchange(exchangeForm(token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^fedk_/),
      issued_token_type: "urn:posit:connect:api-key",
      token_type: "Key",
      expires_in: expect.any(Number),
    });
    const exp = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()).exp as number;
    expect(res.body.expires_in).toBeGreaterThan(0);
    expect(before + res.body.expires_in).toBeLessThanOrEqual(exp);
    const who = await call(me.GET, { key: res.body.access_token });
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ guid: user.guid, username: user.username });

    const row = await db.apiKey.findFirst({ where: { userId: user.id }, orderBy: { id: "desc" } });
    expect(row).toMatchObject({ integrationId: integration.id, tokenIss: op.issuer, tokenSub: sub });
    expect(row!.expiresAt!.getTime()).toBeLessThanOrEqual(exp * 1000);
    const audit = await db.auditEvent.findFirst({ where: { apiKeyId: row!.id } });
    expect(audit).toMatchObject({ action: "federation.exchange", outcome: "success", userId: user.id, matchValue: sub });
  });

  it("caps the key's lifetime by the lifetime setting", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    const { updateSettings } = await import("@/lib/settings/service");
    await updateSettings({ "Federation.MaxKeyLifetime": 120 }, "system");
    try {
      const res = await exchange(exchangeForm(await op.getIdToken(sub)));
      expect(res.status).toBe(200);
      expect(res.body.expires_in).toBeLessThanOrEqual(120);
    } finally {
      await updateSettings({ "Federation.MaxKeyLifetime": 3600 }, "system");
    }
  });

  it("selects the integration named by audience", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    const res = await exchange(exchangeForm(await op.getIdToken(sub), { audience: integration.guid }));
    expect(res.status).toBe(200);
  });
});

describe("token exchange — every reason code", () => {
  it("federation_disabled when the flag is off", async () => {
    await setFederation(false);
    try {
      await expectRejected(exchangeForm(await signToken(op)), 403, "federation_disabled");
    } finally {
      await setFederation(true);
    }
  });

  it("unknown_issuer when the only integration for the issuer is disabled", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    await updateIntegration(integration.guid, { enabled: false }, "system");
    try {
      await expectRejected(exchangeForm(await signToken(op, { sub })), 401, "unknown_issuer");
    } finally {
      await updateIntegration(integration.guid, { enabled: true }, "system");
    }
  });

  it("unknown_issuer for an issuer no integration has", async () => {
    await expectRejected(exchangeForm(await signToken(op, { iss: "https://idp.invalid" })), 401, "unknown_issuer");
  });

  it("unknown_issuer for the issuer with a trailing slash, and says so", async () => {
    const res = await expectRejected(exchangeForm(await signToken(op, { iss: `${op.issuer}/` })), 401, "unknown_issuer");
    expect(res.body.error).toContain("trailing slash");
  });

  it("discovery_issuer_mismatch when the discovery document names another issuer", async () => {
    clearKeyCache();
    op.setDiscoveryOverride((doc) => ({ ...doc, issuer: "https://elsewhere.example" }));
    await expectRejected(exchangeForm(await signToken(op)), 401, "discovery_issuer_mismatch");
    op.setDiscoveryOverride();
  });

  it("audience_mismatch for a token issued to another client", async () => {
    await expectRejected(exchangeForm(await signToken(op, { aud: "someone-else" })), 401, "audience_mismatch");
  });

  it("token_expired, with the Workbench offline_access hint", async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await expectRejected(
      exchangeForm(await signToken(op, { iat: now - 7200, exp: now - 3600 })),
      401,
      "token_expired",
    );
    expect(res.body.error).toContain("offline_access");
  });

  it("token_not_yet_valid when nbf is in the future", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(exchangeForm(await signToken(op, { nbf: now + 3600 })), 401, "token_not_yet_valid");
  });

  it("token_not_yet_valid when issued in the future", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(exchangeForm(await signToken(op, { iat: now + 3600, exp: now + 7200 })), 401, "token_not_yet_valid");
  });

  it("claim_missing without exp", async () => {
    await expectRejected(exchangeForm(await signToken(op, { exp: undefined })), 401, "claim_missing");
  });

  it("alg_not_allowed for alg none", async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const token = `${enc({ alg: "none", typ: "JWT" })}.${enc({ iss: op.issuer, aud: "workbench", sub: "x", iat: now, exp: now + 60 })}.`;
    await expectRejected(exchangeForm(token), 401, "alg_not_allowed");
  });

  it("alg_not_allowed for HS256 signed with the provider's public key", async () => {
    const { createHmac } = await import("node:crypto");
    const pub = op.publicJwks().keys[0] as JsonWebKey & { kid: string };
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const input = `${enc({ alg: "HS256", kid: pub.kid })}.${enc({ iss: op.issuer, aud: "workbench", sub: "x", iat: now, exp: now + 60 })}`;
    const sig = createHmac("sha256", JSON.stringify(pub)).update(input).digest("base64url");
    await expectRejected(exchangeForm(`${input}.${sig}`), 401, "alg_not_allowed");
  });

  it("invalid_signature for a tampered payload", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    const [h, , s] = (await signToken(op, { sub: "innocent" })).split(".");
    const now = Math.floor(Date.now() / 1000);
    const forged = Buffer.from(JSON.stringify({ iss: op.issuer, aud: "workbench", sub, iat: now, exp: now + 600 })).toString("base64url");
    await expectRejected(exchangeForm(`${h}.${forged}.${s}`), 401, "invalid_signature");
  });

  it("invalid_signature for a rogue key that claims a known kid", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const rogue = { ...(await exportJWK(privateKey)), kid: op.privateJwk().kid };
    await expectRejected(exchangeForm(await signToken(op, { sub }, {}, rogue)), 401, "invalid_signature");
  });

  it("kid_not_found for an unknown kid, refetching the key set at most once for a burst", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const rogue = { ...(await exportJWK(privateKey)), kid: unique("rogue") };
    const token = await signToken(op, {}, {}, rogue);
    await sleep(350); // past the refetch cooldown
    op.resetCounts();
    await expectRejected(exchangeForm(token), 401, "kid_not_found");
    expect(op.counts.jwks).toBe(1);
    op.resetCounts();
    const burst = await Promise.all(Array.from({ length: 10 }, () => exchange(exchangeForm(token))));
    expect(burst.every((r) => r.body.payload.reason === "kid_not_found")).toBe(true);
    expect(op.counts.jwks).toBeLessThanOrEqual(1);
  });

  it("ignores jku and x5u headers", async () => {
    let rogueHits = 0;
    const rogueServer = createServer((_, res) => {
      rogueHits++;
      res.end("{}");
    });
    await new Promise<void>((r) => rogueServer.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(rogueServer.address() as AddressInfo).port}/jwks`;
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const rogue = { ...(await exportJWK(privateKey)), kid: unique("attacker") };
    try {
      await expectRejected(exchangeForm(await signToken(op, {}, { jku: url, x5u: url }, rogue)), 401, "kid_not_found");
      expect(rogueHits).toBe(0);
    } finally {
      rogueServer.close();
    }
  });

  it("invalid_request for an oversized token", async () => {
    const big = await signToken(op, { filler: "x".repeat(17 * 1024) });
    await expectRejected(exchangeForm(big), 400, "invalid_request");
  });

  it("malformed_token for something that is not a JWT", async () => {
    await expectRejected(exchangeForm("not-a-jwt"), 400, "malformed_token");
  });

  it("match_claim_missing when the claim is absent; a sub that is not a string is a malformed token", async () => {
    await expectRejected(exchangeForm(await signToken(op, { sub: undefined })), 401, "match_claim_missing");
    // sub is a registered claim (RFC 7519: a string), so its type is checked with the token's format.
    const res = await expectRejected(exchangeForm(await signToken(op, { sub: 12345 as unknown as string })), 400, "malformed_token");
    expect(res.body.error).toContain("claims.sub must be a string");
  });

  it("user_not_found for a subject no user has — and creates no user", async () => {
    const usersBefore = await db.user.count();
    await expectRejected(exchangeForm(await signToken(op, { sub: unique("stranger") })), 401, "user_not_found");
    expect(await db.user.count()).toBe(usersBefore);
  });

  it("user_locked for a locked user", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub, locked: true });
    await expectRejected(exchangeForm(await op.getIdToken(sub)), 403, "user_locked");
  });

  it("ambiguous_integration when two enabled integrations match, until audience picks one", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    // Same issuer, another client ID: a token for both audiences matches both.
    const twin = await trustProvider(op, { config: { client_id: "workbench-twin" } });
    try {
      const token = await signToken(op, { sub, aud: ["workbench", "workbench-twin"] });
      const auditBefore = await db.auditEvent.count({ where: { action: "federation.exchange" } });
      const res = await exchange(exchangeForm(token));
      expect(res.status).toBe(400);
      expect(res.body.payload.reason).toBe("ambiguous_integration");
      // One event on each integration it matched (see integration-conflicts.test.ts).
      expect(await db.auditEvent.count({ where: { action: "federation.exchange" } })).toBe(auditBefore + 2);
      const picked = await exchange(exchangeForm(token, { audience: twin.guid }));
      expect(picked.status).toBe(200);
    } finally {
      await deleteIntegration(twin.guid, "system");
    }
  });

  it("unsupported_grant_type for another grant", async () => {
    const body = exchangeForm(await signToken(op), { grant_type: "client_credentials" });
    await expectRejected(body, 400, "unsupported_grant_type");
  });

  it("unsupported_token_type for another subject_token_type", async () => {
    const body = exchangeForm(await signToken(op), { subject_token_type: "urn:ietf:params:oauth:token-type:access_token" });
    await expectRejected(body, 400, "unsupported_token_type");
  });

  it("invalid_request when the client cuts the body off mid-upload", async () => {
    const cut = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode("grant_type=urn%3Aietf"));
        c.error(new Error("aborted"));
      },
    });
    const res = await expectRejected(cut, 400, "invalid_request");
    expect(res.body.error).toMatch(/ended before it was complete/);
  });

  it("invalid_request for JSON instead of a form", async () => {
    const body = JSON.stringify({ grant_type: "urn:ietf:params:oauth:grant-type:token-exchange", subject_token: "x" });
    await expectRejected(body, 400, "invalid_request", "application/json");
  });
});

describe("identity provider behaviour", () => {
  it("picks up a key rotation without a restart", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    expect((await exchange(exchangeForm(await op.getIdToken(sub)))).status).toBe(200);
    await op.rotateKeys();
    await sleep(350);
    const res = await exchange(exchangeForm(await op.getIdToken(sub)));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it("keeps working from a warm cache while the provider is down", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    const token = await op.getIdToken(sub);
    expect((await exchange(exchangeForm(await op.getIdToken(sub)))).status).toBe(200);
    await op.down();
    try {
      const res = await exchange(exchangeForm(token));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    } finally {
      await op.up();
    }
  });

  it("answers 503 with a cold cache and the provider down", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    const token = await op.getIdToken(sub);
    clearKeyCache();
    await op.down();
    try {
      await expectRejected(exchangeForm(token), 503, "discovery_unreachable");
    } finally {
      await op.up();
    }
  });
});
