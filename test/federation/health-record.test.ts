// A stored health check describes the configuration it checked: it says when
// that configuration changed since, names the provider's own issuer when it
// differs, and a check made in the create form becomes the new integration's.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deleteIntegration } from "@/lib/federation/integrations";
import { ConnectionResult } from "@/components/integrations/connection-result";
import { HealthBadge } from "@/components/integrations/health-badge";
import * as list from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as one from "@/app/%5F_api__/v1/oauth/integrations/[guid]/route";
import * as verify from "@/app/%5F_api__/v1/oauth/integrations/[guid]/verify/route";
import * as verifyConfig from "@/app/%5F_api__/v1/oauth/integrations/verify/route";
import { startOidcProvider, type OidcFixture } from "../support/oidc-provider";
import { call, makeUser, unique } from "../support/fixtures";

let op: OidcFixture;
let admin: Awaited<ReturnType<typeof makeUser>>;
const created: string[] = [];

beforeAll(async () => {
  op = await startOidcProvider();
  admin = await makeUser({ role: "administrator" });
});

afterAll(async () => {
  for (const guid of created) await deleteIntegration(guid, "system").catch(() => undefined);
  await op?.close();
});

const configOf = (over: Record<string, unknown> = {}) => ({ issuer: op.issuer, client_id: unique("client"), allow_private_issuer: true, ...over });

async function create(config: Record<string, unknown>, lastVerify?: unknown) {
  const res = await call(list.POST, {
    method: "POST",
    key: admin.key,
    body: { template: "posit-workbench-federation", name: unique("Health"), config, ...(lastVerify === undefined ? {} : { last_verify: lastVerify }) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  created.push(res.body.guid);
  return res.body as { guid: string; id: string; last_verify: Record<string, unknown> | null };
}

const checkUnsaved = async (config: Record<string, unknown>) => {
  const res = await call(verifyConfig.POST, { method: "POST", key: admin.key, body: { template: "posit-workbench-federation", config } });
  expect(res.status).toBe(200);
  return res.body;
};
const patch = (guid: string, body: Record<string, unknown>) => call(one.PATCH, { method: "PATCH", key: admin.key, params: { guid }, body });
const shown = async (guid: string) => (await call(one.GET, { key: admin.key, params: { guid } })).body.last_verify;

describe("a stored health check", () => {
  it("is marked stale once the issuer changes (a trailing slash), not when only the name does", async () => {
    const integration = await create(configOf());
    const checked = await call(verify.POST, { method: "POST", key: admin.key, params: { guid: integration.guid } });
    expect(checked.body).toMatchObject({ ok: true, stale: false, config_fingerprint: expect.any(String) });
    expect(checked.body.seal).toBeUndefined();

    expect((await patch(integration.guid, { name: unique("Renamed"), config: { match_claim: "email" } })).status).toBe(200);
    expect(await shown(integration.guid)).toMatchObject({ ok: true, stale: false });

    const broken = await patch(integration.guid, { config: { issuer: `${op.issuer}/` } });
    expect(broken.body.last_verify).toMatchObject({ ok: true, stale: true });
    const listed = (await call(list.GET, { key: admin.key })).body.find((i: { guid: string }) => i.guid === integration.guid);
    expect(listed.last_verify.stale).toBe(true);

    // What the page and the list show: no "Passed … (matches)" without saying it is outdated.
    const card = renderToStaticMarkup(createElement(ConnectionResult, { result: listed.last_verify, title: "Last health check" }));
    expect(card).toContain("Configuration changed since this check — run it again.");
    expect(card).not.toContain("(matches)");
    const badge = renderToStaticMarkup(createElement(HealthBadge, { lastVerify: listed.last_verify }));
    expect(badge).toContain("Outdated");
    expect(badge).not.toContain("Healthy");

    // Running it again checks the new value: the provider names its issuer without the slash.
    const again = await call(verify.POST, { method: "POST", key: admin.key, params: { guid: integration.guid } });
    expect(again.body).toMatchObject({ ok: false, stale: false, discovery: { reason: "discovery_issuer_mismatch", issuer: op.issuer } });
    const failing = renderToStaticMarkup(createElement(ConnectionResult, { result: again.body, title: "Last health check" }));
    expect(failing).toContain("Differs from the issuer checked");
  });

  it("stored before fingerprints existed is stale only when the issuer differs", async () => {
    const integration = await create(configOf());
    const old = {
      ok: true,
      checked_at: new Date().toISOString(),
      issuer: op.issuer,
      discovery: { ok: true, url: `${op.issuer}/.well-known/openid-configuration`, issuer: op.issuer },
      jwks: { ok: true, kids: ["k"], key_count: 1 },
    };
    await db.integration.update({ where: { id: Number(integration.id) }, data: { lastVerify: JSON.stringify(old) } });
    expect(await shown(integration.guid)).toMatchObject({ ok: true, stale: false });
    await db.integration.update({ where: { id: Number(integration.id) }, data: { lastVerify: JSON.stringify({ ...old, issuer: "https://other.example" }) } });
    expect(await shown(integration.guid)).toMatchObject({ stale: true });
  });
});

describe("the create form's Check connection", () => {
  it("names the provider's issuer when it differs from the one entered", async () => {
    const result = await checkUnsaved(configOf({ issuer: `${op.issuer}/` }));
    expect(result).toMatchObject({ ok: false, issuer: `${op.issuer}/`, discovery: { ok: false, issuer: op.issuer, reason: "discovery_issuer_mismatch" } });
  });

  it("becomes the new integration's health check when it checked that configuration", async () => {
    const config = configOf();
    const result = await checkUnsaved(config);
    expect(result).toMatchObject({ ok: true, seal: expect.any(String) });
    const integration = await create(config, result);
    const stored = { ...result, seal: undefined };
    expect(integration.last_verify).toEqual({ ...stored, stale: false });
    expect(await shown(integration.guid)).toEqual({ ...stored, stale: false });
  });

  it("is not kept for another configuration, nor when it was altered", async () => {
    const a = configOf();
    const checkA = await checkUnsaved(a);
    expect((await create(configOf(), checkA)).last_verify).toBeNull();
    const altered = { ...checkA, checked_at: new Date(Date.now() + 86_400_000).toISOString() };
    expect((await create(a, altered)).last_verify).toBeNull();
    const b = configOf();
    expect((await create(b, { ...(await checkUnsaved(b)), seal: undefined })).last_verify).toBeNull();
    expect((await create(configOf(), null)).last_verify).toBeNull();
  });
});
