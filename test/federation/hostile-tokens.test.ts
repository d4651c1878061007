// Tokens signed with the provider's real key whose header or claims have the
// wrong type or an absurd value: every one is a 4xx with a reason code, on the
// Connect endpoint, the OAuth endpoint and the token debugger, and mints nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deleteIntegration, updateIntegration } from "@/lib/federation/integrations";
import * as explain from "@/app/%5F_api__/v1/oauth/integrations/explain/route";
import * as oauthToken from "@/app/oauth/token/route";
import { call, makeUser, unique } from "../support/fixtures";
import { exchange, exchangeForm, expectRejected, ID_TOKEN_TYPE, GRANT, signRawToken, trustedProviderForFile, trustProvider } from "../support/federation";

const provider = trustedProviderForFile();
let sub: string;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  sub = unique("sub");
  await makeUser({ externalId: sub });
  admin = await makeUser({ role: "administrator" });
});

/** A token that would be exchanged, but for the given header and claim overrides. */
function token(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return signRawToken(provider.op, header, { iss: provider.op.issuer, aud: "workbench", sub, iat: now, exp: now + 600, ...claims });
}

// [what, header overrides, claim overrides, the field the refusal must name]
const MALFORMED: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
  ["alg is an object", { alg: { name: "RS256" } }, {}, "header.alg"],
  ["kid is an object", { kid: { a: 1 } }, {}, "header.kid"],
  ["kid is a number", { kid: 7 }, {}, "header.kid"],
  ["typ is an array", { typ: ["JWT"] }, {}, "header.typ"],
  ["aud holds an object", {}, { aud: [{ a: 1 }] }, "claims.aud"],
  ["aud is an object", {}, { aud: { workbench: true } }, "claims.aud"],
  ["aud is a nested array", {}, { aud: [["workbench"]] }, "claims.aud"],
  ["aud is a number", {}, { aud: 5 }, "claims.aud"],
  ["aud mixes a string and a number", {}, { aud: ["workbench", 5] }, "claims.aud"],
  ["exp is 1e13", {}, { exp: 1e13 }, "claims.exp"],
  ["exp is 1e300", {}, { exp: 1e300 }, "claims.exp"],
  ["exp is -1e13", {}, { exp: -1e13 }, "claims.exp"],
  ["exp is 1e20", {}, { exp: 1e20 }, "claims.exp"],
  ["exp is -1e20", {}, { exp: -1e20 }, "claims.exp"],
  ["exp is a string", {}, { exp: "soon" }, "claims.exp"],
  ["exp is a boolean", {}, { exp: true }, "claims.exp"],
  ["exp is null", {}, { exp: null }, "claims.exp"],
  ["iat is 1e13", {}, { iat: 1e13 }, "claims.iat"],
  ["iat is -1e13", {}, { iat: -1e13 }, "claims.iat"],
  ["iat is 1e20", {}, { iat: 1e20 }, "claims.iat"],
  ["iat is -1e20", {}, { iat: -1e20 }, "claims.iat"],
  ["iat is a string", {}, { iat: "yesterday" }, "claims.iat"],
  ["nbf is 1e13", {}, { nbf: 1e13 }, "claims.nbf"],
  ["nbf is 1e300", {}, { nbf: 1e300 }, "claims.nbf"],
  ["nbf is -1e13", {}, { nbf: -1e13 }, "claims.nbf"],
  ["nbf is -1e20", {}, { nbf: -1e20 }, "claims.nbf"],
  ["nbf is an object", {}, { nbf: {} }, "claims.nbf"],
  ["iss is an object", {}, { iss: { a: 1 } }, "claims.iss"],
  ["sub is an object", {}, { sub: { a: 1 } }, "claims.sub"],
  ["sub is an array", {}, { sub: ["x"] }, "claims.sub"],
];

describe("malformed headers and claims, signed with the real key", () => {
  it.each(MALFORMED)("Connect endpoint: %s → 400 malformed_token", async (_, header, claims, field) => {
    const res = await expectRejected(exchangeForm(token(claims, header)), 400, "malformed_token");
    expect(res.body.error).toContain(field);
  });

  it.each(MALFORMED)("OAuth endpoint: %s → 400 invalid_request", async (_, header, claims, field) => {
    const keysBefore = await db.apiKey.count();
    const res = await call(oauthToken.POST as never, {
      method: "POST",
      rawBody: new URLSearchParams({ grant_type: GRANT, subject_token_type: ID_TOKEN_TYPE, subject_token: token(claims, header) }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject({ error: "invalid_request", reason: "malformed_token" });
    expect(res.body.error_description).toContain(field);
    expect(await db.apiKey.count()).toBe(keysBefore);
  });

  it.each(MALFORMED)("token debugger: %s → the format check fails naming the field", async (_, header, claims, field) => {
    const res = await call(explain.POST, { method: "POST", key: admin.key, body: { token: token(claims, header) } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ ok: false, reason: "malformed_token" });
    const failed = res.body.checks.filter((c: { status: string }) => c.status === "fail");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: "format", reason: "malformed_token" });
    expect(JSON.stringify(failed[0].actual)).toContain(field);
    expect(failed[0].fix).toContain(field);
  });

  it("still exchanges well-formed tokens with fractional times and an audience list", async () => {
    const now = Date.now() / 1000;
    const res = await exchange(exchangeForm(token({ aud: ["other", "workbench"], iat: now - 0.5, exp: now + 600.25, nbf: now - 1 })));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it("a missing exp is still claim_missing", async () => {
    await expectRejected(exchangeForm(token({ exp: undefined })), 401, "claim_missing");
  });
});

describe("a configured match claim that is not a string", () => {
  it("is refused with match_claim_missing naming its type, never coerced", async () => {
    const mailSub = unique("mail");
    await makeUser({ externalId: mailSub });
    const byEmail = await trustProvider(provider.op, {
      config: { issuer: provider.op.issuer, client_id: "mail-client", match_claim: "email" },
    });
    try {
      for (const [email, type] of [
        [{ toString: mailSub }, "an object"],
        [[mailSub], "an array"],
        [42, "a number"],
        [true, "a boolean"],
      ] as const) {
        const t = token({ aud: "mail-client", email });
        const res = await expectRejected(exchangeForm(t), 401, "match_claim_missing");
        expect(res.body.error).toMatch(/not a string/);
        const explained = await call(explain.POST, { method: "POST", key: admin.key, body: { token: t } });
        expect(explained.status).toBe(200);
        const check = explained.body.checks.find((c: { id: string }) => c.id === "match_claim");
        expect(check).toMatchObject({ status: "fail", reason: "match_claim_missing", actual: type });
      }
      // A claim name that is also an Object.prototype member is not found on a token without it.
      await updateIntegration(byEmail.guid, { config: { match_claim: "constructor" } }, "system");
      await expectRejected(exchangeForm(token({ aud: "mail-client" })), 401, "match_claim_missing");
    } finally {
      await deleteIntegration(byEmail.guid, "system");
    }
  });
});
