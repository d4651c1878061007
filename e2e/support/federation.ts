// A federated publisher for a test: the flag on, a Workbench integration trusting
// the e2e provider, a publisher whose external_id is a fresh sub, and a key
// obtained by exchanging a real ID token. Everything is undone afterwards.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { fetchIdToken } from "../../test/support/oidc-provider";
import { appOrigin } from "./accounts";
import { test, expect } from "./fixtures";
import { OIDC_ISSUER, SSO_CLIENT } from "./oidc";

export type FederatedPublisher = {
  id: string;
  account: { username: string; password: string };
  integration: { guid: string; name: string };
  key: string;
};

/**
 * Registers an afterEach that deletes the integrations a test pushed onto the
 * returned list, so no two enabled ones share the provider and client ID.
 */
export function deleteIntegrationsAfterEach(): string[] {
  const created: string[] = [];
  test.afterEach(async ({ adminPage }) => {
    for (const guid of created.splice(0)) {
      await adminPage.request.delete(`/__api__/v1/oauth/integrations/${guid}`, { headers: { origin: appOrigin() } });
    }
  });
  return created;
}

export async function withFederatedPublisher(
  adminPage: Page,
  request: APIRequestContext,
  integrationName: (id: string) => string,
  run: (f: FederatedPublisher) => Promise<void>,
) {
  const id = randomBytes(4).toString("hex");
  const origin = appOrigin();
  const admin = (method: "POST" | "PATCH" | "DELETE", path: string, data?: unknown) =>
    adminPage.request.fetch(path, { method, data, headers: { origin } });
  const settings = await (await adminPage.request.get("/__api__/v1/system/settings")).json();
  const flagWasOn = settings.find((s: { name: string }) => s.name === "EarlyAccess.IdentityFederation").value;

  expect((await admin("PATCH", "/__api__/v1/system/settings", { "EarlyAccess.IdentityFederation": true })).status()).toBe(200);
  const created = await admin("POST", "/__api__/v1/oauth/integrations", {
    template: "posit-workbench-federation",
    name: integrationName(id),
    config: { issuer: OIDC_ISSUER, client_id: SSO_CLIENT.id, allow_private_issuer: true },
  });
  expect(created.status(), await created.text()).toBe(201);
  const integration = await created.json();
  try {
    const sub = `e2e-fed-${id}`;
    const account = { username: `e2e-fed-${id}`, password: "a long enough password" };
    const user = await admin("POST", "/__api__/v1/users", { ...account, user_role: "publisher", external_id: sub });
    expect(user.status(), await user.text()).toBe(201);

    // A real ID token from the provider, exchanged exactly as a client would.
    const client = { client_id: SSO_CLIENT.id, client_secret: SSO_CLIENT.secret, redirect_uris: [`${origin}/api/auth/callback/sso`] };
    const exchanged = await request.post("/__api__/v1/oauth/integrations/credentials", {
      form: {
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        subject_token: await fetchIdToken(OIDC_ISSUER, client, sub),
        audience: integration.guid,
      },
    });
    expect(exchanged.status(), await exchanged.text()).toBe(200);
    await run({ id, account, integration, key: (await exchanged.json()).access_token });
  } finally {
    // Deleting the integration also revokes the keys it minted.
    expect((await admin("DELETE", `/__api__/v1/oauth/integrations/${integration.guid}`)).status()).toBe(204);
    await admin("PATCH", "/__api__/v1/system/settings", { "EarlyAccess.IdentityFederation": flagWasOn });
  }
}
