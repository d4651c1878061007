// U+0000 anywhere a client or a token can put text. PostgreSQL's text refuses it, so each
// of these was a 500 there (and stored as given on SQLite): now a 400 naming the field,
// or, for a token's claims and a sign-in, the answer for a value that matches nobody.
// lib/validation/text.ts holds the rule.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { proxy } from "@/proxy";
import { signInWithPassword, ssoSignInVerdict } from "@/lib/auth/sign-in";
import { parseManifest } from "@/lib/content/manifest";
import { NUL_MESSAGE } from "@/lib/validation/text";
import * as users from "@/app/%5F_api__/v1/users/route";
import * as user from "@/app/%5F_api__/v1/users/[guid]/route";
import * as keys from "@/app/%5F_api__/v1/users/[guid]/keys/route";
import * as integrations from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as explain from "@/app/%5F_api__/v1/oauth/integrations/explain/route";
import * as audit from "@/app/%5F_api__/v1/audit_logs/route";
import * as content from "@/app/%5F_api__/v1/content/route";
import * as applications from "@/app/%5F_api__/applications/route";
import { BASE, call, makeUser, unique } from "../support/fixtures";
import { exchangeForm, expectRejected, signRawToken, trustedProviderForFile } from "../support/federation";

const NUL = "a\u0000b";
const q = encodeURIComponent(NUL);
const provider = trustedProviderForFile();
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  admin = await makeUser({ role: "administrator" });
});

/** A 400 whose field list names `field` for its NUL. */
function expectNulRefused(res: { status: number; body: { payload?: { fields?: unknown } } }, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.payload?.fields).toContainEqual({ field, message: NUL_MESSAGE });
}

describe("the API refuses NUL with a 400 naming the field", () => {
  it.each([
    ["users ?prefix", users.GET, `/?prefix=${q}`, "prefix"],
    ["integrations ?prefix", integrations.GET, `/?prefix=${q}&page_size=10`, "prefix"],
    ["audit ?user", audit.GET, `/?user=${q}`, "user"],
    ["audit ?reason", audit.GET, `/?reason=${q}`, "reason"],
    ["content ?name", content.GET, `/?name=${q}`, "name"],
    ["applications ?search", applications.GET, `/?search=${q}`, "search"],
    ["a parameter's name", users.GET, `/?${q}=1`, "a\u2400b"],
  ] as const)("in a query: %s", async (_, handler, path, field) => {
    expectNulRefused(await call(handler as never, { key: admin.key, path }), field);
  });

  it("in a path parameter", async () => {
    expectNulRefused(await call(user.GET, { key: admin.key, params: { guid: NUL } }), "guid");
  });

  it("in a JSON body, and nothing is written", async () => {
    const [usersBefore, keysBefore, contentBefore] = await Promise.all([db.user.count(), db.apiKey.count(), db.content.count()]);
    expectNulRefused(
      await call(users.POST, { method: "POST", key: admin.key, body: { username: unique("nul"), first_name: NUL } }),
      "first_name",
    );
    expectNulRefused(
      await call(user.PATCH, { method: "PATCH", key: admin.key, params: { guid: admin.user.guid }, body: { last_name: NUL } }),
      "last_name",
    );
    expectNulRefused(
      await call(keys.POST, { method: "POST", key: admin.key, params: { guid: admin.user.guid }, body: { name: NUL } }),
      "name",
    );
    expectNulRefused(
      await call(content.POST, { method: "POST", key: admin.key, body: { name: unique("nul"), title: NUL } }),
      "title",
    );
    expectNulRefused(
      await call(integrations.POST, {
        method: "POST",
        key: admin.key,
        body: { template: "custom", name: unique("nul"), config: { issuer: "https://idp.example.com", client_id: NUL } },
      }),
      "config.client_id",
    );
    expect(await Promise.all([db.user.count(), db.apiKey.count(), db.content.count()])).toEqual([usersBefore, keysBefore, contentBefore]);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.user.id } })).lastName).toBe(admin.user.lastName);
  });

  it("in a bundle's manifest", () => {
    const manifest = { version: 1, metadata: { appmode: "static", primary_html: NUL }, files: { [NUL]: { checksum: "0" } } };
    expect(() => parseManifest(Buffer.from(JSON.stringify(manifest)))).toThrow(
      `metadata.primary_html: ${NUL_MESSAGE}; files.a\u2400b: ${NUL_MESSAGE}`,
    );
  });
});

describe("dashboard pages refuse NUL in their address", () => {
  it.each(["/users?prefix=%00", "/audit?reason=a%00b", "/integrations/%00", "/content?guid=%00"])("%s is a 400", async (path) => {
    const res = proxy(new NextRequest(`${BASE}${path}`));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("NUL");
  });

  it("a page without one passes", () => {
    expect(proxy(new NextRequest(`${BASE}/users?prefix=a%20b`)).status).toBe(200);
  });
});

describe("a token's or a profile's NUL matches nobody and is recorded visibly", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const token = (claims: Record<string, unknown>) =>
    signRawToken(provider.op, {}, { iss: provider.op.issuer, aud: "workbench", iat: now(), exp: now() + 600, ...claims });

  it("a sub with NUL is user_not_found, on the exchange and in the debugger", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    const t = token({ sub: `${sub}\u0000` });
    await expectRejected(exchangeForm(t), 401, "user_not_found");
    const explained = await call(explain.POST, { method: "POST", key: admin.key, body: { token: t } });
    expect(explained.status).toBe(200);
    expect(explained.body).toMatchObject({ ok: false, reason: "user_not_found" });
    const [event] = await db.auditEvent.findMany({ where: { action: "federation.exchange" }, orderBy: { id: "desc" }, take: 1 });
    expect(event.matchValue).toBe(`${sub}\u2400`);
  });

  it("an issuer with NUL is unknown_issuer, and the audit log shows it as ␀", async () => {
    await expectRejected(exchangeForm(token({ iss: `${provider.op.issuer}\u0000`, sub: "x" })), 401, "unknown_issuer");
    const [event] = await db.auditEvent.findMany({ where: { action: "federation.exchange" }, orderBy: { id: "desc" }, take: 1 });
    expect(event.iss).toBe(`${provider.op.issuer}\u2400`);
  });

  it("a password sign-in with NUL in the username is a wrong password, audited", async () => {
    const before = await db.auditEvent.count({ where: { action: "auth.sign_in", reason: "invalid_credentials" } });
    expect(await signInWithPassword(`${admin.user.username}\u0000`, "whatever it is", "192.0.2.7")).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "auth.sign_in", reason: "invalid_credentials" } })).toBe(before + 1);
  });

  it("single sign-on with NUL in the unique ID claim is refused", async () => {
    const sub = unique("sso");
    await makeUser({ externalId: sub });
    expect(await ssoSignInVerdict({ sub: `${sub}\u0000` })).toBe("refused");
    expect(await ssoSignInVerdict({ sub })).toBe("allowed");
  });
});

describe("the NUL check's own cost", () => {
  it("a body of 100,000 nested arrays, or of 30,000 strings, is a 400 in bounded time", async () => {
    const admin = await makeUser({ role: "administrator" });
    const deep = `${"[".repeat(100_000)}"\\u0000"${"]".repeat(100_000)}`;
    const wide = JSON.stringify(Array.from({ length: 30_000 }, (_, i) => (i % 2 ? "x" : "\u0000")));
    for (const rawBody of [deep, wide]) {
      const started = performance.now();
      const res = await call(users.POST, { method: "POST", key: admin.key, rawBody, headers: { "content-type": "application/json" } });
      expect(res.status, JSON.stringify(res.body).slice(0, 200)).toBe(400);
      expect(res.body.payload.fields.length).toBeLessThanOrEqual(20);
      expect(JSON.stringify(res.body).length).toBeLessThan(4000);
      expect(performance.now() - started).toBeLessThan(5000);
    }
  });
});
