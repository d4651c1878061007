// The integration page (#14 items 6, 7, 9, 10, 11; #15 item 3): tabs that can be
// linked to and driven from the keyboard, links into the Audit page, the setup
// guide, the user a token maps to created from the page, and a phone's width.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { fetchIdToken } from "../test/support/oidc-provider";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { appOrigin } from "./support/accounts";
import { deleteIntegrationsAfterEach } from "./support/federation";
import { test, expect } from "./support/fixtures";
import { ID_TOKEN_CLIENT, OIDC_ISSUER, SSO_CLIENT } from "./support/oidc";
import { screenshot } from "./support/shots";

const CLIENT = ID_TOKEN_CLIENT;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
const created = deleteIntegrationsAfterEach();

async function workbenchIntegration(page: Page) {
  const flag = await page.request.patch("/__api__/v1/system/settings", {
    data: { "EarlyAccess.IdentityFederation": true },
    headers: { origin: appOrigin() },
  });
  expect(flag.status()).toBe(200);
  const name = unique("Page");
  const res = await page.request.post("/__api__/v1/oauth/integrations", {
    data: { template: "posit-workbench-federation", name, config: { issuer: OIDC_ISSUER, client_id: SSO_CLIENT.id, allow_private_issuer: true } },
    headers: { origin: appOrigin() },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { guid } = (await res.json()) as { guid: string };
  created.push(guid);
  return { guid, name };
}

async function exchange(request: APIRequestContext, sub: string, audience: string) {
  const res = await request.post("/__api__/v1/oauth/integrations/credentials", {
    form: {
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      subject_token: await fetchIdToken(OIDC_ISSUER, CLIENT, sub),
      audience,
    },
  });
  return { status: res.status(), body: await res.json() };
}

const tab = (page: Page, name: string) => page.getByRole("tab", { name, exact: true });

test("tabs link and key like tabs; the Workbench guide names this server; Failures (24 h) opens the filtered audit log", async ({
  adminPage: page,
  request,
  context,
}) => {
  const { guid } = await workbenchIntegration(page);
  const failed = await exchange(request, unique("nobody"), guid);
  expect(failed.body.payload.reason).toBe("user_not_found");

  // Deep link to a tab.
  await page.goto(`/integrations/${guid}?tab=setup`);
  await expect(tab(page, "Setup guide")).toHaveAttribute("aria-selected", "true");
  const guide = page.getByRole("tabpanel", { name: "Setup guide" });
  await expect(guide.getByRole("heading", { name: "Setup guide: Posit Workbench" })).toBeVisible();
  const conf = guide.getByLabel("rserver.conf", { exact: true });
  await expect(conf).toContainText(`auth-openid-issuer=${OIDC_ISSUER}`);
  await expect(conf).toContainText("auth-openid-scopes=offline_access");
  await expect(conf).toContainText(`client-id=${SSO_CLIENT.id}`);
  await expect(guide.getByLabel("rsconnect (1.8 or later)", { exact: true })).toContainText(`rsconnect::addServer("${appOrigin()}"`);
  await expect(guide.getByLabel("rsconnect-python", { exact: true })).toContainText(`rsconnect login ${appOrigin()} --identity-token-file`);
  await expect(guide.getByLabel("posit-sdk", { exact: true })).toContainText(`SERVER = "${appOrigin()}"`);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await guide.getByRole("button", { name: "Copy rserver.conf" }).click();
  await expect(guide.getByText("Copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await conf.textContent());
  await expectNoSeriousA11yViolations(page);

  // The keyboard: one tab stop, arrows move and select, Home and End jump; the URL follows.
  await tab(page, "Setup guide").focus();
  await page.keyboard.press("Home");
  await expect(tab(page, "Overview")).toBeFocused();
  await expect(tab(page, "Overview")).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(new RegExp(`/integrations/${guid}$`));
  await page.keyboard.press("ArrowRight");
  await expect(tab(page, "Configuration")).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(/\?tab=configuration$/);
  await expect(page.getByRole("heading", { name: "Configuration", exact: true })).toBeVisible();
  await expect(page.getByRole("tabpanel", { name: "Overview" })).toBeHidden();
  await page.keyboard.press("End");
  await expect(tab(page, "Setup guide")).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(tab(page, "Overview")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tab", { selected: false }).first()).toHaveAttribute("tabindex", "-1");
  await page.goto(`/integrations/${guid}?tab=debugger`);
  await expect(tab(page, "Token debugger")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("ID token", { exact: true })).toBeVisible();

  // Overview: the figures lead into the Audit page, filtered.
  await tab(page, "Overview").click();
  await expect(page.getByTestId("failures-24h")).toHaveText("1");
  await expect(page.getByTestId("last-success")).toHaveText("Never");
  await page.getByRole("link", { name: "Failures (24 h) in the audit log" }).click();
  await expect(page).toHaveURL(/\/audit\?/);
  const query = new URL(page.url()).searchParams;
  expect(query.get("integration")).toBe(guid);
  expect(query.get("outcome")).toBe("failure");
  expect(query.get("action")).toBe("federation.exchange");
  expect(Date.now() - Date.parse(query.get("from")!)).toBeGreaterThan(23.9 * 3600_000);
  const events = page.getByRole("table", { name: "Audit events" }).locator("tbody tr:not(.hidden)");
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText("user_not_found");
  await page.goBack();
  await page.getByRole("link", { name: "Full history in the audit log" }).click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?integration=${guid}$`));
});

async function signInWithSso(browser: Browser, login: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password at all");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click(); // consent
  return page;
}

test("user_not_found in the debugger: create that user (a service user) in one step; it exchanges, and single sign-on refuses it", async ({
  adminPage: page,
  browser,
  request,
}) => {
  const { guid } = await workbenchIntegration(page);
  const sub = unique("e2e-svc"); // the SSO provider's login name becomes the sub
  await page.goto(`/integrations/${guid}?tab=debugger`);
  await page.getByLabel("ID token", { exact: true }).fill(await fetchIdToken(OIDC_ISSUER, CLIENT, sub));
  await page.getByRole("button", { name: "Explain token" }).click();
  const result = page.getByTestId("token-explanation");
  await expect(result.getByRole("heading", { name: /This token would be refused/ })).toContainText("user_not_found");
  await expect(result).toContainText(`Match claim sub: ${sub}`);
  // One compact table, the failure first.
  await expect(result.getByRole("table", { name: "Checks" }).locator("tbody tr").first()).toHaveAttribute("data-check", "user");

  await result.getByRole("button", { name: "Create a user with this external ID…" }).click();
  const dialog = page.getByRole("dialog", { name: "Create the user a token maps to" });
  await expect(dialog.getByLabel("External ID", { exact: true })).toHaveValue(sub);
  await expect(dialog.getByLabel("Role")).toHaveValue("publisher");
  const service = dialog.getByLabel("Service user");
  await expect(service).not.toBeChecked(); // Workbench users are people by default
  await service.check();
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog).toBeHidden();
  // Explained again at once: now it maps.
  await expect(result.getByRole("heading", { name: "This token would be exchanged" })).toBeVisible();
  await expect(result).toContainText(`User: ${sub}`);

  const minted = await exchange(request, sub, guid);
  expect(minted.status, JSON.stringify(minted.body)).toBe(200);
  const me = await request.get("/__api__/v1/user", { headers: { authorization: `Key ${minted.body.access_token}` } });
  expect(await me.json()).toMatchObject({ username: sub, user_role: "publisher", service_user: true });

  const sso = await signInWithSso(browser, sub);
  await expect(sso).toHaveURL(/\/login\?/);
  await expect(sso.getByRole("alert").filter({ hasText: "This is a service user" })).toContainText("cannot sign in to the dashboard");
  await expect(sso.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await sso.context().close();

  await page.goto(`/users?prefix=${sub}`);
  await expect(page.getByTestId(`user-row-${sub}`).getByText("Service user")).toBeVisible();
});

test("on a phone (390×844) no tab scrolls sideways, and recent attempts fold into rows", async ({ adminPage: page, request }) => {
  const { guid } = await workbenchIntegration(page);
  const sub = unique("phone-sub");
  const user = await page.request.post("/__api__/v1/users", {
    data: { username: unique("phone"), user_role: "publisher", external_id: sub },
    headers: { origin: appOrigin() },
  });
  expect(user.status()).toBe(201);
  expect((await exchange(request, sub, guid)).status).toBe(200);
  expect((await exchange(request, unique("stranger"), guid)).status).toBe(401);
  const token = await fetchIdToken(OIDC_ISSUER, CLIENT, unique("stranger"));

  for (const size of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    for (const id of ["overview", "configuration", "activity", "debugger", "setup"]) {
      await page.goto(`/integrations/${guid}?tab=${id}`);
      await expect(page.getByRole("tab", { selected: true })).toBeVisible();
      if (id === "activity") {
        const attempts = page.getByRole("region", { name: "Recent exchange attempts" });
        await expect(attempts.getByRole("row")).toHaveCount(3);
        // Folded on a phone: the table itself fits, with nothing to scroll inside it either.
        if (size.width < 768) expect(await attempts.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      }
      if (id === "debugger") {
        await page.getByLabel("ID token", { exact: true }).fill(token);
        await page.getByRole("button", { name: "Explain token" }).click();
        await expect(page.getByTestId("token-explanation")).toBeVisible();
      }
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${id} at ${size.width} px`).toBeLessThanOrEqual(size.width);
      await screenshot(page, `integration-${id}`);
    }
  }
  await expectNoSeriousA11yViolations(page);
});
