// Helpers for exchange tests: a real provider, an integration trusting it,
// hand-signed tokens for the cases a real provider cannot produce.
import { createPrivateKey, sign } from "node:crypto";
import { afterAll, beforeAll, expect } from "vitest";
import { importJWK, SignJWT, type JWTPayload } from "jose";
import { db } from "@/lib/db";
import { updateSettings } from "@/lib/settings/service";
import { createIntegration } from "@/lib/federation/integrations";
import type { CreateIntegrationInput } from "@/lib/federation/schema";
import * as credentials from "@/app/%5F_api__/v1/oauth/integrations/credentials/route";
import { startOidcProvider, type OidcFixture, type OidcProviderOptions } from "./oidc-provider";
import type { LoadedIntegration } from "@/lib/federation/integrations";
import { deleteIntegration } from "@/lib/federation/integrations";
import { call, unique } from "./fixtures";

export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

export async function setFederation(on: boolean) {
  await updateSettings({ "EarlyAccess.IdentityFederation": on }, "system");
}

/**
 * For a test file: a real provider, a Workbench integration trusting it, and the
 * feature flag on; torn down after the file. Read `op` and `integration` inside tests.
 */
export function trustedProviderForFile(options?: OidcProviderOptions) {
  const ctx = {} as { op: OidcFixture; integration: LoadedIntegration };
  beforeAll(async () => {
    ctx.op = await startOidcProvider(options);
    ctx.integration = await trustProvider(ctx.op);
    await setFederation(true);
  });
  afterAll(async () => {
    if (ctx.integration) await deleteIntegration(ctx.integration.guid, "system").catch(() => undefined);
    await ctx.op?.close();
  });
  return ctx;
}

export async function trustProvider(
  op: OidcFixture,
  overrides: Omit<Partial<CreateIntegrationInput>, "config"> & { config?: Record<string, unknown> } = {},
) {
  const { config, ...rest } = overrides;
  return createIntegration(
    {
      template: "posit-workbench-federation",
      name: unique("workbench"),
      ...rest,
      config: { issuer: op.issuer, client_id: "workbench", allow_private_issuer: true, ...config },
    } as CreateIntegrationInput,
    "system",
  );
}

/** The exact request Posit's rsconnect client sends: form fields, no Authorization header. */
export function exchangeForm(token: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    grant_type: GRANT,
    subject_token_type: ID_TOKEN_TYPE,
    subject_token: token,
    requested_token_type: "urn:posit:connect:api-key",
    ...extra,
  }).toString();
}

export async function exchange(body: BodyInit, contentType = "application/x-www-form-urlencoded") {
  return call(credentials.POST, { method: "POST", rawBody: body, headers: { "content-type": contentType } });
}

/** Signs a token with the provider's real private key (or another key), with sane defaults. */
export async function signToken(
  op: OidcFixture,
  claims: JWTPayload = {},
  header: Record<string, unknown> = {},
  key: JsonWebKey & { kid?: string } = op.privateJwk(),
) {
  const now = Math.floor(Date.now() / 1000);
  const alg = (header.alg as string) ?? "RS256";
  const signingKey = await importJWK(key as never, alg);
  return new SignJWT({ iss: op.issuer, aud: "workbench", sub: "nobody", iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg, kid: key.kid, ...header })
    .sign(signingKey);
}

/**
 * Signs exactly the given header and claims with the provider's real RS256 key
 * (jose refuses to build such tokens): for headers and claims of the wrong type.
 */
export function signRawToken(op: OidcFixture, header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const input = `${enc({ alg: "RS256", kid: op.privateJwk().kid, ...header })}.${enc(claims)}`;
  const key = createPrivateKey({ key: op.privateJwk() as never, format: "jwk" });
  return `${input}.${sign("sha256", Buffer.from(input), key).toString("base64url")}`;
}

/** Runs one exchange that must fail: checks status and reason, that no key was minted, and one audit event. */
export async function expectRejected(body: BodyInit, status: number, reason: string, contentType?: string) {
  const keysBefore = await db.apiKey.count();
  const auditBefore = await db.auditEvent.count({ where: { action: "federation.exchange" } });
  const res = await exchange(body, contentType);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.payload?.reason, res.body.error).toBe(reason);
  expect(res.body.code).toEqual(expect.any(Number));
  expect(res.body.error).toEqual(expect.any(String));
  expect(await db.apiKey.count()).toBe(keysBefore);
  const events = await db.auditEvent.findMany({
    where: { action: "federation.exchange" },
    orderBy: { id: "desc" },
    take: (await db.auditEvent.count({ where: { action: "federation.exchange" } })) - auditBefore,
  });
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ outcome: "failure", reason });
  expect(JSON.stringify(events[0])).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.eyJ/);
  return res;
}

/** Exchanges a hand-signed token for `sub` (aud picks the integration) and returns the federated key. */
export async function federatedKey(op: OidcFixture, sub: string, aud = "workbench"): Promise<string> {
  const res = await exchange(exchangeForm(await signToken(op, { sub, aud })));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.access_token as string;
}
