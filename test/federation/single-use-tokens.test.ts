// The integration option `single_use_tokens`: a token is exchanged once while it
// is valid, and a replay is refused with token_replayed, also when both
// exchanges race. Off by default: Posit's clients exchange one token again.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createDb } from "@/lib/db/client";
import { claimToken } from "@/lib/db/used-tokens";
import { updateIntegration, type LoadedIntegration } from "@/lib/federation/integrations";
import * as integrations from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as oneIntegration from "@/app/%5F_api__/v1/oauth/integrations/[guid]/route";
import * as templates from "@/app/%5F_api__/v1/oauth/templates/route";
import * as explain from "@/app/%5F_api__/v1/oauth/integrations/explain/route";
import * as token from "@/app/oauth/token/route";
import { provider } from "../support/databases";
import { call, makeUser, unique } from "../support/fixtures";
import { exchange, exchangeForm, expectRejected, signToken, trustedProviderForFile, trustProvider } from "../support/federation";

const ctx = trustedProviderForFile();
let singleUse: LoadedIntegration;
let admin: string;

beforeAll(async () => {
  admin = (await makeUser({ role: "administrator" })).key;
  singleUse = await trustProvider(ctx.op, { config: { client_id: "single-use", single_use_tokens: true } });
});

const usedRows = (integrationId: number) => db.usedToken.count({ where: { integrationId } });

/** A publisher the provider's tokens map to, and a token for it with `claims`. */
async function tokenFor(claims: Record<string, unknown> = {}) {
  const sub = unique("sub");
  await makeUser({ role: "publisher", externalId: sub });
  return signToken(ctx.op, { sub, aud: "single-use", ...claims });
}

describe(`single-use tokens on ${provider}`, () => {
  it("are off by default: the same token is exchanged again, and nothing is recorded", async () => {
    expect(ctx.integration.config.single_use_tokens).toBe(false);
    const sub = unique("sub");
    await makeUser({ role: "publisher", externalId: sub });
    const t = await signToken(ctx.op, { sub, jti: unique("jti") });
    expect((await exchange(exchangeForm(t))).status).toBe(200);
    expect((await exchange(exchangeForm(t))).status).toBe(200);
    expect(await usedRows(ctx.integration.id)).toBe(0);
  });

  it("exchange a token once; a replay is 401 token_replayed, audited, and mints nothing", async () => {
    const jti = unique("jti");
    const t = await tokenFor({ jti });
    const first = await exchange(exchangeForm(t));
    expect(first.status, JSON.stringify(first.body)).toBe(200);

    const replay = await expectRejected(exchangeForm(t), 401, "token_replayed");
    expect(replay.body.error).toContain("already exchanged");
    expect(replay.body.error).toContain("Posit Workbench");
    const refused = await db.auditEvent.findFirstOrThrow({ where: { reason: "token_replayed" }, orderBy: { id: "desc" } });
    expect(refused).toMatchObject({ integrationId: singleUse.id, jti, outcome: "failure" });

    // The success recorded the option; the row lasts until the token's exp plus the clock skew.
    const ok = await db.auditEvent.findFirstOrThrow({ where: { action: "federation.exchange", outcome: "success", jti } });
    expect(JSON.parse(ok.details!)).toMatchObject({ single_use: true });
    const rows = await db.usedToken.findMany({ where: { integrationId: singleUse.id } });
    const exp = JSON.parse(Buffer.from(t.split(".")[1], "base64url").toString()).exp as number;
    expect(rows.some((r) => r.expiresAt.getTime() === (exp + 60) * 1000 && /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(jti); // a hash, not the jti itself
  });

  it("know a token by its jti: another token with the same jti is a replay", async () => {
    const sub = unique("sub");
    await makeUser({ role: "publisher", externalId: sub });
    const jti = unique("jti");
    const now = Math.floor(Date.now() / 1000);
    expect((await exchange(exchangeForm(await signToken(ctx.op, { sub, aud: "single-use", jti, iat: now })))).status).toBe(200);
    await expectRejected(exchangeForm(await signToken(ctx.op, { sub, aud: "single-use", jti, iat: now - 1 })), 401, "token_replayed");
  });

  it("know a token without jti by its hash: a new token passes, the same one again does not", async () => {
    const sub = unique("sub");
    await makeUser({ role: "publisher", externalId: sub });
    const now = Math.floor(Date.now() / 1000);
    const a = await signToken(ctx.op, { sub, aud: "single-use", iat: now });
    const b = await signToken(ctx.op, { sub, aud: "single-use", iat: now - 1 });
    expect((await exchange(exchangeForm(a))).status).toBe(200);
    expect((await exchange(exchangeForm(b))).status).toBe(200);
    await expectRejected(exchangeForm(a), 401, "token_replayed");
  });

  it("let exactly one of concurrent exchanges of one token win", async () => {
    const t = await tokenFor({ jti: unique("jti") });
    const keysBefore = await db.apiKey.count({ where: { integrationId: singleUse.id } });
    const results = await Promise.all([exchange(exchangeForm(t)), exchange(exchangeForm(t)), exchange(exchangeForm(t))]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401]);
    expect(results.filter((r) => r.status === 401).map((r) => r.body.payload.reason)).toEqual(["token_replayed", "token_replayed"]);
    expect(await db.apiKey.count({ where: { integrationId: singleUse.id } })).toBe(keysBefore + 1);
  });

  it("hold across instances: the database's key decides, whichever client claims", async () => {
    // A second Prisma client with its own connection (its own pool on PostgreSQL), as another instance has.
    const other = createDb(process.env.DATABASE_URL!);
    try {
      const jti = unique("jti");
      expect((await exchange(exchangeForm(await tokenFor({ jti })))).status).toBe(200);
      const ref = { integrationId: singleUse.id, tokenHash: createHash("sha256").update(`jti:${jti}`).digest("hex") };
      const later = new Date(Date.now() + 600_000);
      expect(await claimToken(other, ref, later)).toBe(false);

      const fresh = { integrationId: singleUse.id, tokenHash: unique("race") };
      const claims = await Promise.all([claimToken(db, fresh, later), claimToken(other, fresh, later), claimToken(other, fresh, later)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    } finally {
      await other.$disconnect();
    }
  });

  it("apply to the standard OAuth token endpoint too", async () => {
    const t = await tokenFor({ jti: unique("jti") });
    const post = () =>
      call(token.POST, { method: "POST", rawBody: exchangeForm(t), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect((await post()).status).toBe(200);
    const replay = await post();
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({ error: "invalid_grant", reason: "token_replayed" });
  });

  it("give a token back when its key is not minted (it expired within the clock skew)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const before = await usedRows(singleUse.id);
    const t = await tokenFor({ jti: unique("jti"), iat: now - 600, exp: now - 5 });
    await expectRejected(exchangeForm(t), 401, "token_expired");
    expect(await usedRows(singleUse.id)).toBe(before);
  });

  it("are only looked at by the token debugger, which says when one was used", async () => {
    const t = await tokenFor({ jti: unique("jti") });
    const explainIt = async () => call(explain.POST, { method: "POST", key: admin, body: { token: t, integration_guid: singleUse.guid } });
    const rowsBefore = await usedRows(singleUse.id);

    const fresh = await explainIt();
    expect(fresh.status).toBe(200);
    expect(fresh.body.ok).toBe(true);
    expect(fresh.body.checks.find((c: { id: string }) => c.id === "single_use")).toMatchObject({ status: "pass" });
    expect(await explainIt()).toMatchObject({ status: 200, body: { ok: true } });
    expect(await usedRows(singleUse.id)).toBe(rowsBefore);

    expect((await exchange(exchangeForm(t))).status).toBe(200); // explaining did not use it up
    const used = await explainIt();
    expect(used.body).toMatchObject({ ok: false, reason: "token_replayed" });
    expect(used.body.checks.find((c: { id: string }) => c.id === "single_use")).toMatchObject({
      status: "fail",
      actual: "already used",
      reason: "token_replayed",
    });
  });

  it("are an option of both templates in the API: a boolean, default false, under the advanced fields", async () => {
    const list = await call(templates.GET, { key: admin });
    for (const t of list.body) {
      expect(t.fields.find((f: { key: string }) => f.key === "single_use_tokens")).toMatchObject({
        type: "boolean",
        default: false,
        advanced: true,
      });
    }
    const got = await call(oneIntegration.GET, { key: admin, params: { guid: ctx.integration.guid } });
    expect(got.body.config.single_use_tokens).toBe(false);

    const bad = await call(integrations.POST, {
      method: "POST",
      key: admin,
      body: {
        template: "oidc-federation",
        name: unique("bad"),
        config: { issuer: ctx.op.issuer, client_id: unique("c"), allow_private_issuer: true, single_use_tokens: "yes" },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.payload.fields.map((f: { field: string }) => f.field)).toContain("config.single_use_tokens");

    const patched = await call(oneIntegration.PATCH, {
      method: "PATCH",
      key: admin,
      params: { guid: ctx.integration.guid },
      body: { config: { single_use_tokens: true } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.config.single_use_tokens).toBe(true);
    await updateIntegration(ctx.integration.guid, { config: { single_use_tokens: false } }, "system");
  });
});
