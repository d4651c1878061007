import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clearKeyCache } from "@/lib/federation/provider-keys";
import { createIntegration, deleteIntegration, type LoadedIntegration } from "@/lib/federation/integrations";
import * as explain from "@/app/%5F_api__/v1/oauth/integrations/explain/route";
import * as verify from "@/app/%5F_api__/v1/oauth/integrations/[guid]/verify/route";
import * as metricsRoute from "@/app/metrics/route";
import { startOidcProvider, type OidcFixture } from "../support/oidc-provider";
import { call, makeUser, unique } from "../support/fixtures";
import { reloadConfig } from "@/lib/config/env";
import { exchange, exchangeForm, expectRejected, setFederation, signToken, trustProvider } from "../support/federation";

let op: OidcFixture;
let integration: LoadedIntegration;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  process.env.FEDERATION_JWKS_REFETCH_COOLDOWN_MS = "0"; // keys rotate between tests here
  reloadConfig();
  op = await startOidcProvider();
  integration = await trustProvider(op);
  admin = await makeUser({ role: "administrator" });
  await setFederation(true);
});

afterAll(async () => {
  await deleteIntegration(integration.guid, "system").catch(() => undefined);
  await op.close();
});

type Check = { id: string; status: string; reason?: string; fix?: string; expected?: unknown; actual?: unknown };

async function explainToken(token: string, integration_guid?: string) {
  const res = await call(explain.POST, { method: "POST", key: admin.key, body: { token, integration_guid } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { ok: boolean; reason: string | null; checks: Check[]; match: { claim: string; value: string | null } | null };
}

const failing = (r: { checks: Check[] }) => r.checks.filter((c) => c.status === "fail");

describe("token debugger (explain)", () => {
  it("passes every check for a good token, and mints nothing", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    const keysBefore = await db.apiKey.count();
    const auditBefore = await db.auditEvent.count();
    const r = await explainToken(await op.getIdToken(sub));
    expect(r.ok).toBe(true);
    expect(failing(r)).toEqual([]);
    expect(r.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining(["issuer", "alg", "kid", "signature", "exp", "iat", "audience", "match_claim", "user"]),
    );
    expect(await db.apiKey.count()).toBe(keysBefore);
    expect(await db.auditEvent.count()).toBe(auditBefore);
  });

  it("issuer must equal iss exactly (trailing slash)", async () => {
    const r = await explainToken(await signToken(op, { iss: `${op.issuer}/` }));
    expect(failing(r)[0]).toMatchObject({ id: "issuer", reason: "unknown_issuer", actual: `${op.issuer}/` });
    expect(failing(r)[0].fix).toMatch(/exactly/);
  });

  it("the server must reach the discovery document", async () => {
    const token = await signToken(op);
    clearKeyCache();
    await op.down();
    try {
      const r = await explainToken(token);
      expect(failing(r).map((c) => c.reason)).toContain("discovery_unreachable");
      expect(failing(r).find((c) => c.reason === "discovery_unreachable")!.fix).toMatch(/openid-configuration/);
    } finally {
      await op.up();
    }
  });

  it("the user must already exist, with external_id equal to sub", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: `${sub}-other` });
    const r = await explainToken(await op.getIdToken(sub));
    expect(failing(r)).toHaveLength(1);
    expect(failing(r)[0]).toMatchObject({ id: "user", reason: "user_not_found" });
    expect(failing(r)[0].fix).toMatch(/does not create users/);
    expect(failing(r)[0].fix).toMatch(/OAuth2.UniqueIdClaim/);
    // The value a user would need as external_id, for the debugger's "create a user" action.
    expect(r.match).toEqual({ claim: "sub", value: sub });
  });

  it("an expired Workbench token points at offline_access", async () => {
    const now = Math.floor(Date.now() / 1000);
    const r = await explainToken(await signToken(op, { iat: now - 7200, exp: now - 3600 }));
    const exp = failing(r).find((c) => c.id === "exp")!;
    expect(exp.reason).toBe("token_expired");
    expect(exp.fix).toMatch(/auth-openid-scopes=offline_access/);
  });

  it("explains against a chosen integration, and rejects non-admins", async () => {
    const r = await explainToken(await signToken(op, { aud: "wrong" }), integration.guid);
    expect(failing(r).map((c) => c.reason)).toContain("audience_mismatch");
    const publisher = await makeUser({ role: "publisher" });
    const res = await call(explain.POST, { method: "POST", key: publisher.key, body: { token: "x" } });
    expect(res.status).toBe(403);
  });
});

describe("integration health check (verify)", () => {
  it("reports discovery, key ids, fingerprint and latency; the fingerprint changes on rotation", async () => {
    const res = await call(verify.POST, { method: "POST", key: admin.key, params: { guid: integration.guid } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, discovery: { ok: true, issuer: op.issuer }, jwks: { ok: true } });
    expect(res.body.jwks.kids).toContain(op.privateJwk().kid);
    expect(res.body.discovery.ms).toEqual(expect.any(Number));
    await op.rotateKeys();
    const after = await call(verify.POST, { method: "POST", key: admin.key, params: { guid: integration.guid } });
    expect(after.body.jwks.fingerprint).not.toBe(res.body.jwks.fingerprint);
    const stored = await db.integration.findUnique({ where: { id: integration.id } });
    expect(JSON.parse(stored!.lastVerify!).jwks.fingerprint).toBe(after.body.jwks.fingerprint);
  });

  it("detects an issuer mismatch", async () => {
    op.setDiscoveryOverride((doc) => ({ ...doc, issuer: `${op.issuer}/` }));
    try {
      const res = await call(verify.POST, { method: "POST", key: admin.key, params: { guid: integration.guid } });
      expect(res.body.ok).toBe(false);
      expect(res.body.discovery).toMatchObject({ ok: false, reason: "discovery_issuer_mismatch" });
    } finally {
      op.setDiscoveryOverride();
    }
  });

  it("detects an unreachable key set", async () => {
    op.setDiscoveryOverride((doc) => ({ ...doc, jwks_uri: "http://127.0.0.1:9/jwks" }));
    try {
      const res = await call(verify.POST, { method: "POST", key: admin.key, params: { guid: integration.guid } });
      expect(res.body.ok).toBe(false);
      expect(res.body.discovery.ok).toBe(true);
      expect(res.body.jwks).toMatchObject({ ok: false, reason: "jwks_unreachable" });
    } finally {
      op.setDiscoveryOverride();
    }
  });
});

describe("guarded fetches", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(302, { location: "http://127.0.0.1:1/elsewhere" }).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function integrationFor(issuer: string, allowPrivate: boolean) {
    return createIntegration(
      {
        template: "oidc-federation",
        name: unique("guard"),
        config: { issuer, client_id: "workbench", allow_private_issuer: allowPrivate },
      },
      "system",
    );
  }

  it("does not follow a redirecting discovery URL", async () => {
    const issuer = `http://127.0.0.1:${port}`;
    const i = await integrationFor(issuer, true);
    try {
      const token = await signToken(op, { iss: issuer });
      const res = await expectRejected(exchangeForm(token), 503, "discovery_unreachable");
      expect(res.body.error).toMatch(/redirect/);
    } finally {
      await deleteIntegration(i.guid, "system");
    }
  });

  it("refuses a loopback address without the private-issuer opt-in, by IP and by name", async () => {
    for (const issuer of [`https://127.0.0.1:${port}`, `https://localhost:${port}`]) {
      const i = await integrationFor(issuer, false);
      try {
        const res = await expectRejected(exchangeForm(await signToken(op, { iss: issuer })), 503, "discovery_unreachable");
        expect(res.body.error).toMatch(/loopback/);
      } finally {
        await deleteIntegration(i.guid, "system");
      }
    }
  });
});

describe("metrics", () => {
  it("counts exchanges by integration, outcome and reason, and provider fetches", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    expect((await exchange(exchangeForm(await op.getIdToken(sub)))).status).toBe(200);
    expect((await exchange(exchangeForm(await signToken(op, { iss: "https://idp.invalid" })))).status).toBe(401);
    const res = await metricsRoute.GET(new Request("http://127.0.0.1/metrics"));
    const text = await res.text();
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    expect(text).toMatch(new RegExp(`federation_exchanges_total\\{integration="${integration.guid}",outcome="success",reason="ok"\\} [1-9]`));
    expect(text).toMatch(/federation_exchanges_total\{integration="none",outcome="failure",reason="unknown_issuer"\} [1-9]/);
    expect(text).toMatch(/federation_exchange_duration_seconds_bucket/);
    expect(text).toMatch(/federation_provider_fetches_total\{kind="jwks",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/federation_provider_cache_hits_total\{kind="jwks"\} [1-9]/);
  });
});
