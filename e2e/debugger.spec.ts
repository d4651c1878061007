// The token debugger on an integration's page: paste a real ID token, see every
// check with expected vs actual and the fix, for the failures people actually hit.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { decodeJwt } from "jose";
import { fetchIdToken, startOidcProvider } from "../test/support/oidc-provider";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { appOrigin } from "./support/accounts";
import { deleteIntegrationsAfterEach } from "./support/federation";
import { test, expect } from "./support/fixtures";
import { ID_TOKEN_CLIENT, OIDC_ISSUER, SSO_CLIENT } from "./support/oidc";

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
const created = deleteIntegrationsAfterEach();

async function createFederatedUser(page: Page, externalId: string) {
  const res = await page.request.post("/__api__/v1/users", {
    data: { username: unique("debug-user"), user_role: "publisher", external_id: externalId },
    headers: { origin: appOrigin() },
  });
  expect(res.status(), await res.text()).toBe(201);
}

async function explain(page: Page, token: string) {
  await page.getByLabel("ID token", { exact: true }).fill(token);
  await page.getByRole("button", { name: "Explain token" }).click();
  return page.getByTestId("token-explanation");
}

test("an expired token: the debugger names the failing check, expected vs actual, and the fix", async ({ adminPage: page }) => {
  // A provider of our own whose ID tokens live one second, trusted with no clock skew.
  const provider = await startOidcProvider({ idTokenTtl: 1 });
  try {
    const sub = unique("short-lived");
    await createFederatedUser(page, sub);

    // Created through the OpenID Connect template's form, advanced options included.
    await page.goto("/integrations/new?template=oidc-federation");
    await expect(page.getByRole("radio", { name: /OpenID Connect Federation/ })).toBeChecked();
    const name = unique("Short-lived OIDC");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Issuer", { exact: true }).fill(provider.issuer);
    await page.getByLabel("Client ID (expected audience)", { exact: true }).fill("workbench");
    await page.getByText("Advanced options").click();
    await page.getByLabel("Clock skew (seconds)").fill("0");
    await page.getByLabel("Allow a private issuer").check();
    await page.getByRole("checkbox", { name: "PS512" }).uncheck();
    await page.getByRole("button", { name: "Add a required claim" }).click();
    await page.getByLabel("Claim of required claim 1").fill("email_verified");
    await page.getByLabel("Type of required claim 1").selectOption("boolean");
    await page.getByRole("button", { name: "Check connection" }).click();
    await expect(page.getByRole("region", { name: "Connection check" }).getByText("Passed", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Create integration" }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    created.push(page.url().split("/").at(-1)!);
    await page.getByRole("tab", { name: "Configuration" }).click();
    await expect(page.getByRole("definition").filter({ hasText: "email_verified equals true" })).toBeVisible();
    await expect(page.getByRole("definition").filter({ hasText: "RS256, RS384, RS512, PS256, PS384, ES256" })).toBeVisible();

    const token = await provider.getIdToken(sub);
    const { exp } = decodeJwt(token);
    await expect.poll(() => Date.now() / 1000 > exp! + 0.5, { timeout: 5_000 }).toBe(true);

    await page.getByRole("tab", { name: "Token debugger" }).click();
    const result = await explain(page, token);
    await expect(result.getByRole("heading", { name: /This token would be refused/ })).toContainText("token_expired");
    await expect(result.getByRole("heading", { name: /This token would be refused/ })).toBeFocused();
    const expired = result.locator('[data-check="exp"]');
    await expect(expired).toContainText("Fail");
    await expect(expired).toContainText("Token has not expired");
    await expect(expired).toContainText("token_expired");
    await expect(expired).toContainText(new Date(exp! * 1000).toISOString());
    await expect(expired).toContainText("The token has expired. Obtain a fresh ID token and retry.");
    // One compact table, the failing check first.
    await expect(result.getByRole("table", { name: "Checks" }).locator("tbody tr").first()).toHaveAttribute("data-check", "exp");
    // Everything else about this token is right, and says so.
    for (const id of ["issuer", "signature", "audience", "claim:email_verified", "user"]) {
      await expect(result.locator(`[data-check="${id}"]`).getByText("Pass", { exact: true })).toBeVisible();
    }
    await expectNoSeriousA11yViolations(page);
  } finally {
    await provider.close();
  }
});

test("a token whose sub has no user: user_not_found, and federation never creates one", async ({ adminPage: page }) => {
  const res = await page.request.post("/__api__/v1/oauth/integrations", {
    data: {
      template: "posit-workbench-federation",
      name: unique("Debugger workbench"),
      config: { issuer: OIDC_ISSUER, client_id: SSO_CLIENT.id, allow_private_issuer: true },
    },
    headers: { origin: appOrigin() },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { guid } = (await res.json()) as { guid: string };
  created.push(guid);

  await page.goto(`/integrations/${guid}?tab=debugger`);
  // The shared schema refuses an empty token before anything is sent.
  await page.getByRole("button", { name: "Explain token" }).click();
  await expect(page.getByText("The ID token is required")).toBeVisible();
  await expect(page.getByLabel("ID token", { exact: true })).toBeFocused();

  const sub = unique("nobody-here");
  const token = await fetchIdToken(OIDC_ISSUER, ID_TOKEN_CLIENT, sub);
  const result = await explain(page, token);
  await expect(result.getByRole("heading", { name: /This token would be refused/ })).toContainText("user_not_found");
  const user = result.locator('[data-check="user"]');
  await expect(user).toContainText("Fail");
  await expect(user).toContainText(`a user with external_id "${sub}"`);
  await expect(user).toContainText("no such user");
  await expect(user).toContainText("Federation does not create users");
  for (const id of ["issuer", "signature", "exp", "audience", "match_claim"]) {
    await expect(result.locator(`[data-check="${id}"]`).getByText("Pass", { exact: true })).toBeVisible();
  }
  await result.getByText("Decoded header and claims").click();
  await expect(result.locator("pre")).toContainText(`"sub": "${sub}"`);
  await expectNoSeriousA11yViolations(page);

  // Explaining changed nothing: no user, no attempt recorded.
  const users = (await (await page.request.get("/__api__/v1/users?page_size=500")).json()) as { results: Array<{ external_id: string | null }> };
  expect(users.results.map((u) => u.external_id)).not.toContain(sub);
  const audit = await (await page.request.get(`/__api__/v1/audit_logs?integration=${guid}&action=federation.exchange`)).json();
  expect(audit.results).toHaveLength(0);
});
