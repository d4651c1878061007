// Self-test of the OpenID Provider fixture: real discovery, real tokens, and the
// failure modes the federation tests rely on (rotation, outage, tampering).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemoteJWKSet, decodeProtectedHeader, importJWK, jwtVerify, SignJWT } from "jose";
import { startOidcProvider, type OidcFixture } from "./oidc-provider";

async function discover(issuer: string) {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`);
  return (await res.json()) as { issuer: string; jwks_uri: string };
}

describe("oidc-provider fixture", () => {
  let op: OidcFixture;
  beforeAll(async () => {
    op = await startOidcProvider({
      idTokenTtl: 600,
      accounts: { alice: { email: "alice@corp.test", given_name: "Alice", groups: ["admins"] } },
    });
  });
  afterAll(() => op.close());

  it("serves a discovery document for its issuer and counts requests", async () => {
    op.resetCounts();
    expect(op.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const doc = await discover(op.issuer);
    expect(doc.issuer).toBe(op.issuer);
    await fetch(doc.jwks_uri);
    expect(op.counts).toEqual({ discovery: 1, jwks: 1 });
  });

  it("issues ID tokens through the authorization-code flow that verify against its JWKS", async () => {
    const { jwks_uri } = await discover(op.issuer);
    const jwks = createRemoteJWKSet(new URL(jwks_uri));
    const token = await op.getIdToken("alice", { nonce: "n-1" });
    const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: op.issuer, audience: "workbench" });
    expect(payload).toMatchObject({
      sub: "alice",
      nonce: "n-1",
      email: "alice@corp.test",
      email_verified: true,
      preferred_username: "alice",
      given_name: "Alice",
      groups: ["admins"],
    });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(protectedHeader).toMatchObject({ alg: "RS256", kid: op.privateJwk().kid });

    const bob = await jwtVerify(await op.getIdToken("bob", { scope: "openid" }), jwks, { issuer: op.issuer });
    expect(bob.payload.sub).toBe("bob");
    expect(bob.payload.email).toBeUndefined();
  });

  it("rotates its signing key", async () => {
    const before = op.privateJwk().kid;
    await op.rotateKeys();
    const after = op.privateJwk().kid;
    expect(after).not.toBe(before);

    const served = (await (await fetch(`${op.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    expect(served.keys.map((k) => k.kid)).toEqual([after]);
    expect(op.publicJwks().keys).toEqual(served.keys);
    expect(decodeProtectedHeader(await op.getIdToken("alice")).kid).toBe(after);
  });

  it("hands out its private key for hand-made tokens", async () => {
    const jwk = op.privateJwk();
    const forged = await new SignJWT({ sub: "mallory" })
      .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
      .setIssuer(op.issuer)
      .setAudience("workbench")
      .setExpirationTime("5m")
      .sign(await importJWK(jwk, "RS256"));
    const jwks = createRemoteJWKSet(new URL(`${op.issuer}/jwks`));
    expect((await jwtVerify(forged, jwks, { issuer: op.issuer })).payload.sub).toBe("mallory");
  });

  it("can be taken down and brought back on the same port", async () => {
    await fetch(`${op.issuer}/jwks`); // leaves a keep-alive connection in fetch's pool
    await op.down();
    const error = await fetch(`${op.issuer}/jwks`).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError & { cause?: { code?: string } }).cause?.code).toBe("ECONNREFUSED");
    await op.up();
    expect((await fetch(`${op.issuer}/jwks`)).status).toBe(200);
  });

  it("lets tests tamper the discovery document", async () => {
    op.setDiscoveryOverride((doc) => ({ ...doc, issuer: "http://127.0.0.1:1" }));
    expect((await discover(op.issuer)).issuer).toBe("http://127.0.0.1:1");
    op.setDiscoveryOverride();
    expect((await discover(op.issuer)).issuer).toBe(op.issuer);
  });

  it("supports ES256 keys and public clients", async () => {
    const es = await startOidcProvider({ keyAlg: "ES256", clients: [{ client_id: "spa" }] });
    try {
      const token = await es.getIdToken("carol");
      const jwks = createRemoteJWKSet(new URL(`${es.issuer}/jwks`));
      const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: es.issuer, audience: "spa" });
      expect(protectedHeader.alg).toBe("ES256");
      expect(payload.exp! - payload.iat!).toBe(3600);
    } finally {
      await es.close();
    }
  });
});
