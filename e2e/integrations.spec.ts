// System > Integrations in a real browser, against the real OpenID Provider the
// e2e run starts: create and check an integration, exchange a real ID token
// through the API, and follow the attempt on the integration's page.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { fetchIdToken } from "../test/support/oidc-provider";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { appOrigin } from "./support/accounts";
import { deleteIntegrationsAfterEach } from "./support/federation";
import { test, expect } from "./support/fixtures";
import { ID_TOKEN_CLIENT, OIDC_ISSUER, SSO_CLIENT } from "./support/oidc";
import { storeIntegration } from "./support/stored-rows";
import { screenshotSizes } from "./support/shots";

const CLIENT = ID_TOKEN_CLIENT;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
const created = deleteIntegrationsAfterEach();
/** The integration page is in tabs (Overview, Configuration, Activity, Token debugger, Setup guide). */
const openTab = (page: Page, name: string) => page.getByRole("tab", { name, exact: true }).click();

async function turnFederationOn(page: Page) {
  const res = await page.request.patch("/__api__/v1/system/settings", {
    data: { "EarlyAccess.IdentityFederation": true },
    headers: { origin: appOrigin() },
  });
  expect(res.status(), await res.text()).toBe(200);
}

async function createFederatedUser(page: Page, externalId: string) {
  const username = unique("fed-user");
  const res = await page.request.post("/__api__/v1/users", {
    data: { username, user_role: "publisher", external_id: externalId },
    headers: { origin: appOrigin() },
  });
  expect(res.status(), await res.text()).toBe(201);
  return username;
}

async function createIntegrationThroughApi(page: Page, name: string) {
  const res = await page.request.post("/__api__/v1/oauth/integrations", {
    data: {
      template: "posit-workbench-federation",
      name,
      config: { issuer: OIDC_ISSUER, client_id: SSO_CLIENT.id, allow_private_issuer: true },
    },
    headers: { origin: appOrigin() },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { guid } = (await res.json()) as { guid: string };
  created.push(guid);
  return guid;
}

/** The exchange exactly as a client sends it: form-encoded, no credentials; `audience` picks this test's integration. */
async function exchange(request: APIRequestContext, token: string, audience: string) {
  const res = await request.post("/__api__/v1/oauth/integrations/credentials", {
    form: {
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      subject_token: token,
      audience,
    },
  });
  return { status: res.status(), body: await res.json() };
}

test("an administrator creates a Workbench integration, checks it, and follows a real exchange", async ({
  adminPage: page,
  request,
}) => {
  await turnFederationOn(page);
  const name = unique("Workbench");
  const sub = unique("wb-sub");

  await page.goto("/integrations");
  await page.getByRole("link", { name: "New integration" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "New integration" })).toBeVisible();
  await page.getByRole("radio", { name: /Posit Workbench Federation/ }).check();

  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Issuer", { exact: true }).fill(OIDC_ISSUER);
  await page.getByLabel("Workbench client ID", { exact: true }).fill(SSO_CLIENT.id);
  await page.getByText("Advanced options").click();
  await page.getByLabel("Allow a private issuer").check();

  // Check connection runs against the unsaved configuration.
  await page.getByRole("button", { name: "Check connection" }).click();
  const check = page.getByRole("region", { name: "Connection check" });
  await expect(check.getByText("Passed", { exact: true })).toBeVisible();
  await expect(check).toContainText("The identity provider is reachable and publishes signing keys.");
  await expect(check).toContainText(`${OIDC_ISSUER} (matches)`);
  await expect(check).toContainText("Key set fingerprint");
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Create integration" }).click();
  await expect(page).toHaveURL(/\/integrations\/[0-9a-f-]{36}$/);
  const guid = page.url().split("/").at(-1)!;
  created.push(guid);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("switch", { name: "Enabled" })).toHaveAttribute("aria-checked", "true");
  // The form's check of exactly this configuration is the new integration's first health check.
  await expect(page.getByRole("region", { name: "Last health check" }).getByText("Passed", { exact: true })).toBeVisible();
  await openTab(page, "Activity");
  await expect(page.getByText("No attempts yet")).toBeVisible();

  // A user whose external_id is the provider's sub, and a real ID token for that sub.
  const username = await createFederatedUser(page, sub);
  const token = await fetchIdToken(OIDC_ISSUER, CLIENT, sub);
  const exchanged = await exchange(request, token, guid);
  expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
  expect(exchanged.body).toMatchObject({ issued_token_type: "urn:posit:connect:api-key", token_type: "Key" });
  const me = await request.get("/__api__/v1/user", { headers: { authorization: `Key ${exchanged.body.access_token}` } });
  expect((await me.json()).username).toBe(username);

  // The attempt on the integration's page: recent attempts and the chart.
  await page.reload();
  const attempts = page.getByRole("region", { name: "Recent exchange attempts" });
  const row = attempts.getByRole("row").filter({ hasText: username });
  await expect(row).toHaveCount(1);
  // Below md the columns also fold into the first cell (hidden here): the visible badge.
  await expect(row.getByText("Success").filter({ visible: true })).toBeVisible();
  await expect(row).toContainText(sub);
  await expect(page.getByTestId("exchange-totals")).toHaveText("In the last 24 hours: 1 successful and 0 failed exchanges.");
  const bars = page.getByTestId("exchange-chart").locator("[data-success]");
  const successes = await bars.evaluateAll((els) => els.reduce((n, el) => n + Number(el.getAttribute("data-success")), 0));
  expect(successes).toBe(1);
  // While the week loads, its totals are a skeleton: not the day's figures under the week's button, nor "Loading…" text.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/activity?window=7d", async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole("button", { name: "7 days" }).click();
  await expect(page.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
  const totals = page.getByTestId("exchange-totals");
  await expect(totals.locator(".animate-pulse")).toBeVisible();
  await expect(totals).toHaveText("Loading…"); // the skeleton's words, for screen readers only
  release();
  await expect(totals).toHaveText("In the last 7 days: 1 successful and 0 failed exchanges.");
  await page.unrouteAll();
  await page.getByText("Show the numbers as a table").click();
  await expect(page.getByRole("table", { name: "Exchanges per 6 hours (UTC)" }).getByRole("cell", { name: "1", exact: true })).toHaveCount(1);

  // …and in the audit log.
  const audit = await page.request.get(`/__api__/v1/audit_logs?integration=${guid}&action=federation.exchange`);
  const events = (await audit.json()).results as Array<Record<string, unknown>>;
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ outcome: "success", match_value: sub, iss: OIDC_ISSUER, user: { username } });

  // The live health check, stored on the integration and shown in the list.
  await openTab(page, "Overview");
  await expect(page.getByTestId("last-success")).toContainText(/\d\d:\d\d:\d\d UTC/); // times with seconds
  await page.getByRole("button", { name: "Run health check" }).click();
  await expect(page.getByRole("region", { name: "Last health check" }).getByText("Passed", { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("link", { name: "All integrations" }).click();
  const listed = page.getByRole("row").filter({ has: page.getByRole("link", { name }) });
  await expect(listed).toContainText("Posit Workbench Federation");
  await expect(listed).toContainText(OIDC_ISSUER);
  await expect(listed).toContainText("Enabled");
  await expect(listed).toContainText("Healthy");
  await expect(listed).not.toContainText("Never");
});

test("a wrong client ID fails with audience_mismatch, disabling stops exchanges, deleting asks first", async ({
  adminPage: page,
  request,
}) => {
  await turnFederationOn(page);
  const name = unique("Workbench edit");
  const sub = unique("wb-sub");
  const guid = await createIntegrationThroughApi(page, name);
  await createFederatedUser(page, sub);
  const minted = await exchange(request, await fetchIdToken(OIDC_ISSUER, CLIENT, sub), guid);
  expect(minted.status).toBe(200);
  const mintedAuth = { authorization: `Key ${minted.body.access_token}` };

  await page.goto(`/integrations/${guid}`);
  await expect(page.getByTestId("active-keys")).toHaveText("1 active key");
  await openTab(page, "Configuration");
  await page.getByRole("button", { name: "Edit configuration" }).click();
  await page.getByLabel("Workbench client ID", { exact: true }).fill("not-workbench");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "not-workbench" })).toBeVisible();

  const mismatch = await exchange(request, await fetchIdToken(OIDC_ISSUER, CLIENT, sub), guid);
  expect(mismatch.status).toBe(401);
  expect(mismatch.body.payload.reason).toBe("audience_mismatch");

  await openTab(page, "Activity");
  await page.getByRole("button", { name: "Refresh" }).click();
  const failed = page.getByRole("region", { name: "Recent exchange attempts" }).getByRole("row").filter({ hasText: "audience_mismatch" });
  await expect(failed).toHaveCount(1);
  await expect(failed.getByText("Failure").filter({ visible: true })).toBeVisible();
  await expect(failed).toContainText("client ID");
  await expect(page.getByTestId("exchange-totals")).toHaveText("In the last 24 hours: 1 successful and 1 failed exchanges.");

  // Disabled: the issuer is no longer trusted at all, and the dialog offers to revoke the key it minted.
  const enabled = page.getByRole("switch", { name: "Enabled" });
  await enabled.press("Space");
  const disable = page.getByRole("dialog", { name: `Disable “${name}”?` });
  await expect(disable.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expect(disable.getByLabel("Also revoke its 1 active key")).toBeChecked();
  await expectNoSeriousA11yViolations(page);
  await disable.getByRole("button", { name: "Disable and revoke keys" }).click();
  await expect(page.getByText("Integration disabled. 1 key revoked.")).toBeVisible();
  await expect(enabled).toHaveAttribute("aria-checked", "false");
  expect((await request.get("/__api__/v1/user", { headers: mintedAuth })).status()).toBe(401);
  await openTab(page, "Overview");
  await expect(page.getByTestId("active-keys")).toHaveText("0 active keys");
  const refused = await exchange(request, await fetchIdToken(OIDC_ISSUER, CLIENT, sub), guid);
  expect(refused.status).toBe(401);
  expect(refused.body.payload.reason).toBe("unknown_issuer");

  // Delete: a dialog naming the integration; Cancel keeps it.
  await page.getByRole("button", { name: "Delete…" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete “${name}”?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect((await page.request.get(`/__api__/v1/oauth/integrations/${guid}`)).status()).toBe(200);

  await page.getByRole("button", { name: "Delete…" }).click();
  await dialog.getByRole("button", { name: `Delete “${name}”` }).click();
  await expect(page).toHaveURL(/\/integrations\?deleted=/);
  await expect(page.getByText(`Deleted the integration “${name}”.`)).toBeVisible();
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  expect((await page.request.get(`/__api__/v1/oauth/integrations/${guid}`)).status()).toBe(404);
});

test("disabling asks first even without keys; offline it fails, stays enabled, and is never applied later", async ({ adminPage: page }) => {
  const name = unique("Offline");
  const guid = await createIntegrationThroughApi(page, name);
  const storedEnabled = async () => (await (await page.request.get(`/__api__/v1/oauth/integrations/${guid}`)).json()).enabled;
  await page.goto(`/integrations/${guid}`);
  const enabled = page.getByRole("switch", { name: "Enabled" });
  const state = page.getByTestId("integration-state");
  const dialog = page.getByRole("dialog", { name: `Disable “${name}”?` });
  await expect(enabled).toHaveAttribute("aria-checked", "true");
  await expect(state).toHaveText("Enabled");

  await page.context().setOffline(true);
  try {
    await enabled.click();
    await expect(dialog).toContainText("will be refused (unknown_issuer)");
    await expect(dialog).toContainText("It has no active keys.");
    await dialog.getByRole("button", { name: "Disable", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Could not disable it: The server could not be reached." })).toContainText(
      "It is still enabled.",
    );
    await expect(enabled).toHaveAttribute("aria-checked", "true");
    await expect(state).toHaveText("Enabled");
  } finally {
    await page.context().setOffline(false);
  }
  await page.waitForTimeout(500);
  expect(await storedEnabled()).toBe(true);

  // Online it disables, and the label says so.
  await enabled.click();
  await dialog.getByRole("button", { name: "Disable", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Integration disabled." })).toBeVisible();
  await expect(enabled).toHaveAttribute("aria-checked", "false");
  await expect(state).toHaveText("Disabled");
  expect(await storedEnabled()).toBe(false);
});

test("invalid input shows field errors from the shared schema and saves nothing", async ({ adminPage: page }) => {
  const name = unique("Invalid");
  await page.goto("/integrations/new");
  await page.getByRole("radio", { name: /OpenID Connect Federation/ }).check();
  await page.getByLabel("Name", { exact: true }).fill(name);
  const issuer = page.getByLabel("Issuer", { exact: true });
  await issuer.fill("not a url");
  await page.getByRole("button", { name: "Create integration" }).click();

  await expect(page.getByText("Issuer must be an absolute http(s) URL")).toBeVisible();
  await expect(page.getByText("Client ID (expected audience) is required")).toBeVisible();
  await expect(issuer).toHaveAttribute("aria-invalid", "true");
  await expect(issuer).toBeFocused();
  await expect(page.getByLabel("Client ID (expected audience)", { exact: true })).toHaveAttribute("aria-invalid", "true");

  // "Check connection" validates the same way before calling anything.
  await page.getByRole("button", { name: "Check connection" }).click();
  await expect(page.getByText("Issuer must be an absolute http(s) URL")).toBeVisible();
  await expect(page.getByRole("region", { name: "Connection check" })).toHaveCount(0);

  // An advanced option out of range opens the folded section and names the field.
  await issuer.fill("https://login.example.com");
  await page.getByLabel("Client ID (expected audience)", { exact: true }).fill("connect");
  await page.getByText("Advanced options").click();
  await page.getByLabel("Clock skew (seconds)").fill("999");
  await page.getByText("Advanced options").click();
  await page.getByRole("button", { name: "Create integration" }).click();
  await expect(page.getByText("Clock skew (seconds) must be at most 300 seconds")).toBeVisible();
  await expect(page.getByLabel("Clock skew (seconds)")).toBeFocused();
  await expectNoSeriousA11yViolations(page);

  await expect(page).toHaveURL(/\/integrations\/new$/);
  const list = (await (await page.request.get("/__api__/v1/oauth/integrations")).json()) as Array<{ name: string }>;
  expect(list.map((i) => i.name)).not.toContain(name);
});

test("the integration pages work at 375 px and from the keyboard", async ({ adminPage: page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  const name = unique("Narrow");
  const guid = await createIntegrationThroughApi(page, name);

  await page.goto("/integrations");
  await expect(page.getByRole("link", { name })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.goto(`/integrations/${guid}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  // Nothing wider than the screen except inside the scrollable tables.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoSeriousA11yViolations(page);

  // Edit in place with the keyboard only: to the Configuration tab with an arrow key.
  await page.getByRole("tab", { name: "Overview" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Configuration" })).toHaveAttribute("aria-selected", "true");
  await page.getByRole("button", { name: "Edit configuration" }).focus();
  await page.keyboard.press("Enter");
  const nameField = page.getByLabel("Name", { exact: true });
  await nameField.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(`${name} renamed`);
  await page.keyboard.press("Enter");
  await expect(page.getByText("Changes saved.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: `${name} renamed` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Configuration" })).toBeFocused();
});

test("an administrator caps an integration's role and revokes the keys it minted", async ({ adminPage: page, request }) => {
  await turnFederationOn(page);
  const name = unique("Capped");
  const sub = unique("wb-sub");
  const guid = await createIntegrationThroughApi(page, name);
  const admin = await page.request.post("/__api__/v1/users", {
    data: { username: unique("fed-admin"), user_role: "administrator", external_id: sub },
    headers: { origin: appOrigin() },
  });
  expect(admin.status(), await admin.text()).toBe(201);
  const minted = await exchange(request, await fetchIdToken(OIDC_ISSUER, CLIENT, sub), guid);
  expect(minted.status).toBe(200);
  const auth = { authorization: `Key ${minted.body.access_token}` };
  // An administrator's key through this integration acts as a publisher (the default cap).
  expect((await request.get("/__api__/v1/system/settings", { headers: auth })).status()).toBe(403);

  await page.goto(`/integrations/${guid}?tab=configuration`);
  await expect(page.getByRole("definition").filter({ hasText: "publisher" }).first()).toBeVisible();
  await openTab(page, "Overview");
  const keys = page.getByRole("region", { name: "Federated keys" });
  await expect(keys).toContainText("act with at most the role publisher");
  await expect(keys.getByTestId("active-keys")).toHaveText("1 active key");

  await keys.getByRole("button", { name: "Revoke all keys…" }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke the keys “${name}” minted?` });
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Revoke all keys" }).click();
  await expect(page.getByText("1 key revoked.")).toBeVisible();
  await expect(keys.getByTestId("active-keys")).toHaveText("0 active keys");
  expect((await request.get("/__api__/v1/user", { headers: auth })).status()).toBe(401);
  await expect(page.getByRole("switch", { name: "Enabled" })).toHaveAttribute("aria-checked", "true");

  // Raising the cap: the form's select, saved; a new key acts as administrator.
  await openTab(page, "Configuration");
  await page.getByRole("button", { name: "Edit configuration" }).click();
  await page.getByLabel("Maximum role").selectOption("administrator");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();
  await openTab(page, "Overview");
  await expect(keys).toContainText("act with at most the role administrator");
  const again = await exchange(request, await fetchIdToken(OIDC_ISSUER, CLIENT, sub), guid);
  const settings = await request.get("/__api__/v1/system/settings", { headers: { authorization: `Key ${again.body.access_token}` } });
  expect(settings.status()).toBe(200);
});

test("two enabled integrations the exchange cannot tell apart are flagged, and their failed attempts show on both", async ({
  adminPage: page,
  request,
}) => {
  await turnFederationOn(page);
  // Stored by an earlier version: the API refuses such a pair now.
  const names = [unique("Twin A"), unique("Twin B")];
  const guids = names.map((name) => storeIntegration(name, { issuer: OIDC_ISSUER, client_id: SSO_CLIENT.id, allow_private_issuer: true }));
  created.push(...guids);

  const third = await page.request.post("/__api__/v1/oauth/integrations", {
    data: { template: "posit-workbench-federation", name: unique("Third"), config: { issuer: OIDC_ISSUER, client_id: SSO_CLIENT.id, allow_private_issuer: true } },
    headers: { origin: appOrigin() },
  });
  expect(third.status()).toBe(409);
  expect((await third.json()).error).toMatch(/the enabled integration "Twin [AB]-/);

  // Without audience, a real token matches both (the exchange's cache reloads within seconds).
  const token = await fetchIdToken(OIDC_ISSUER, CLIENT, unique("wb-sub"));
  await expect(async () => {
    const res = await request.post("/__api__/v1/oauth/integrations/credentials", {
      form: {
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        subject_token: token,
      },
    });
    expect((await res.json()).payload.reason).toBe("ambiguous_integration");
  }).toPass();

  await page.goto("/integrations");
  for (const [i, name] of names.entries()) {
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
    await expect(row.getByText("Conflict", { exact: true })).toBeVisible();
    await expect(row).toContainText(`same issuer and client ID as “${names[1 - i]}”`);
  }
  await expectNoSeriousA11yViolations(page);

  for (const [i, guid] of guids.entries()) {
    await page.goto(`/integrations/${guid}?tab=activity`);
    await expect(page.getByRole("alert").filter({ hasText: "Conflict:" })).toContainText(names[1 - i]);
    const attempt = page.getByRole("region", { name: "Recent exchange attempts" }).getByRole("row").filter({ hasText: "ambiguous_integration" });
    await expect(attempt).toHaveCount(1);
    await expect(page.getByTestId("exchange-totals")).toHaveText("In the last 24 hours: 0 successful and 1 failed exchanges.");
  }

  // Disabling one ends the conflict on both.
  const disabled = await page.request.patch(`/__api__/v1/oauth/integrations/${guids[1]}`, { data: { enabled: false }, headers: { origin: appOrigin() } });
  expect(disabled.status()).toBe(200);
  await page.goto("/integrations");
  await expect(page.getByText("Conflict", { exact: true })).toHaveCount(0);
});

test("a health check of an older configuration says so, and the form warns about an issuer the provider does not name", async ({
  adminPage: page,
}) => {
  const name = unique("Stale");
  const guid = await createIntegrationThroughApi(page, name);
  await page.goto(`/integrations/${guid}`);
  await page.getByRole("button", { name: "Run health check" }).click();
  const card = page.getByRole("region", { name: "Last health check" });
  await expect(card.getByText("Passed", { exact: true })).toBeVisible();
  await expect(card).toContainText(`${OIDC_ISSUER} (matches)`);

  // A trailing slash: the provider's issuer has none. The last check knows it, so the form asks first.
  await openTab(page, "Configuration");
  await page.getByRole("button", { name: "Edit configuration" }).click();
  await page.getByLabel("Issuer", { exact: true }).fill(`${OIDC_ISSUER}/`);
  await page.getByRole("button", { name: "Save changes" }).click();
  const warning = page.getByRole("alert").filter({ hasText: "Tokens carry the provider’s issuer" });
  await expect(warning).toContainText(`names its issuer ${OIDC_ISSUER}, but the Issuer field says ${OIDC_ISSUER}/`);
  await expectNoSeriousA11yViolations(page);
  await warning.getByRole("button", { name: "Save anyway" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();

  await openTab(page, "Overview");
  await expect(card).toHaveAttribute("data-stale", "true");
  await expect(card).toContainText("Configuration changed since this check — run it again.");
  await expect(card).not.toContainText("(matches)");
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("link", { name: "All integrations" }).click();
  const listed = page.getByRole("row").filter({ has: page.getByRole("link", { name }) });
  await expect(listed).toContainText("Outdated");
  await expect(listed).not.toContainText("Healthy");

  // Run again: a fresh result, and it fails, naming the provider's issuer.
  await listed.getByRole("link", { name }).click();
  await page.getByRole("button", { name: "Run health check" }).click();
  await expect(card.getByText("Failed", { exact: true })).toBeVisible();
  await expect(card).not.toHaveAttribute("data-stale", "true");
  await expect(card).toContainText("Differs from the issuer checked");
});

test("the create form offers the provider's issuer, and its check becomes the new integration's", async ({ adminPage: page }) => {
  const name = unique("Checked");
  await page.goto("/integrations/new");
  await page.getByRole("radio", { name: /Posit Workbench Federation/ }).check();
  await page.getByLabel("Name", { exact: true }).fill(name);
  const issuer = page.getByLabel("Issuer", { exact: true });
  await issuer.fill(`${OIDC_ISSUER}/`);
  await page.getByLabel("Workbench client ID", { exact: true }).fill(unique("client"));
  await page.getByText("Advanced options").click();
  await page.getByLabel("Allow a private issuer").check();

  await page.getByRole("button", { name: "Check connection" }).click();
  const check = page.getByRole("region", { name: "Connection check" });
  await expect(check.getByText("Failed", { exact: true })).toBeVisible();
  await expect(check).toContainText("Differs from the issuer checked");

  await page.getByRole("button", { name: "Create integration" }).click();
  const warning = page.getByRole("alert").filter({ hasText: "discovery document" });
  await expect(warning).toContainText(`names its issuer ${OIDC_ISSUER}`);
  await expect(page).toHaveURL(/\/integrations\/new$/);
  await warning.getByRole("button", { name: "Use the provider’s issuer" }).click();
  await expect(issuer).toHaveValue(OIDC_ISSUER);

  await page.getByRole("button", { name: "Check connection" }).click();
  await expect(check.getByText("Passed", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Create integration" }).click();
  await expect(page).toHaveURL(/\/integrations\/[0-9a-f-]{36}$/);
  created.push(page.url().split("/").at(-1)!);
  const card = page.getByRole("region", { name: "Last health check" });
  await expect(card.getByText("Passed", { exact: true })).toBeVisible();
  await expect(card).not.toHaveAttribute("data-stale", "true");
});

test("the Integrations page shows 25 at a time and keeps its page in the address", async ({ adminPage: page }) => {
  const id = unique("e2e-paging");
  // 26 disabled integrations (they may share an issuer): whatever else exists, at least two pages.
  for (let i = 0; i < 26; i++) {
    const res = await page.request.post("/__api__/v1/oauth/integrations", {
      data: {
        template: "oidc-federation",
        name: `${id}-${String(i).padStart(2, "0")}`,
        enabled: false,
        config: { issuer: "https://paging.example.test", client_id: `${id}-${i}` },
      },
      headers: { origin: appOrigin() },
    });
    expect(res.status(), await res.text()).toBe(201);
    created.push(((await res.json()) as { guid: string }).guid);
  }
  await page.goto("/integrations");
  const pages = page.getByRole("navigation", { name: "Integrations pages" });
  const rows = page.getByRole("table", { name: /^Integrations, \d+ in all$/ }).locator("tbody tr");
  await expect(pages).toContainText(/Page 1 of \d+/);
  await expect(rows).toHaveCount(25);
  const last = Number(/of (\d+)/.exec((await pages.textContent()) ?? "")![1]);

  await pages.getByRole("button", { name: "Next page" }).click();
  await expect(pages).toContainText(`Page 2 of ${last}`);
  await expect(page).toHaveURL(/[?&]page=2$/);
  await page.reload();
  await expect(pages).toContainText(`Page 2 of ${last}`);

  // Creation order: the newest are on the last page.
  await page.goto(`/integrations?page=${last}`);
  await expect(page.getByRole("link", { name: `${id}-25`, exact: true })).toBeVisible();
  await expect(pages.getByRole("button", { name: "Next page" })).toBeDisabled();
  await screenshotSizes(page, "integrations-paging");
  await pages.getByRole("button", { name: "Previous page" }).click();
  await expect(pages).toContainText(`Page ${last - 1} of ${last}`);
  await expectNoSeriousA11yViolations(page);
});
