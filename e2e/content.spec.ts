// The Workbench story seen by the administrator: a federated user publishes with
// the key their ID token was exchanged for, and the content shows as theirs.
import { randomBytes } from "node:crypto";
import { fetchIdToken } from "../test/support/oidc-provider";
import { staticBundle } from "../test/support/bundles";
import { test, expect } from "./support/fixtures";
import { OIDC_ISSUER, SSO_CLIENT } from "./support/oidc";

test("the administrator sees content published by a federated user", async ({ adminPage, request }) => {
  const id = randomBytes(4).toString("hex");
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const admin = (method: "POST" | "PATCH" | "DELETE", path: string, data?: unknown) =>
    adminPage.request.fetch(path, { method, data, headers: { origin } });

  expect((await admin("PATCH", "/__api__/v1/system/settings", { "EarlyAccess.IdentityFederation": true })).status()).toBe(200);
  const created = await admin("POST", "/__api__/v1/oauth/integrations", {
    template: "posit-workbench-federation",
    name: `e2e content ${id}`,
    config: { issuer: OIDC_ISSUER, client_id: SSO_CLIENT.id, allow_private_issuer: true },
  });
  expect(created.status(), await created.text()).toBe(201);
  const integration = await created.json();
  try {
    const sub = `e2e-wb-${id}`;
    const username = `workbench-${id}`;
    expect((await admin("POST", "/__api__/v1/users", { username, user_role: "publisher", external_id: sub })).status()).toBe(201);

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
    const auth = { authorization: `Key ${(await exchanged.json()).access_token}` };

    const title = `Workbench report ${id}`;
    const content = await request.post("/__api__/v1/content", { headers: auth, data: { name: `report-${id}`, title } });
    expect(content.status(), await content.text()).toBe(201);
    const guid = (await content.json()).guid;
    const bundle = await request.post(`/__api__/v1/content/${guid}/bundles`, {
      headers: { ...auth, "content-type": "application/gzip" },
      data: await staticBundle(),
    });
    expect(bundle.status(), await bundle.text()).toBe(201);
    const deploy = await request.post(`/__api__/v1/content/${guid}/deploy`, { headers: auth, data: { bundle_id: (await bundle.json()).id } });
    expect(deploy.status()).toBe(202);
    const task = await request.get(`/__api__/v1/tasks/${(await deploy.json()).task_id}?wait=10`, { headers: auth });
    expect(await task.json()).toMatchObject({ finished: true, code: 0 });

    await adminPage.goto("/content");
    const row = adminPage.getByRole("row").filter({ hasText: title });
    await expect(row).toBeVisible();
    await expect(row).toContainText(username);
  } finally {
    await admin("DELETE", `/__api__/v1/oauth/integrations/${integration.guid}`);
  }
});
