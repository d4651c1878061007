// axe on every page a person can reach, in light and dark mode, failing on serious or critical
// violations; at 390×844 (a phone) no page scrolls sideways; dark mode follows the system and the switch.
// E2E_SHOTS_DIR=/some/dir saves a screenshot of each page in each mode at both sizes.
import { randomBytes } from "node:crypto";
import { test, expect } from "./support/fixtures";
import {
  backgroundOf,
  bodyBackground,
  expectAccessibleInBothThemes,
  expectNoSidewaysScroll,
  expectPhoneReady,
  luminance,
  showInTheme,
} from "./support/axe";
import { appOrigin, createUserAsAdmin, signInThroughApi } from "./support/accounts";
import { OIDC_ISSUER } from "./support/oidc";
import { DESKTOP, PHONE } from "./support/shots";


const PAGES = [
  { path: "/integrations", heading: "Integrations" },
  { path: "/content", heading: "Content" },
  { path: "/audit", heading: "Audit" },
  { path: "/users", heading: "Users" },
  { path: "/keys", heading: "API keys" },
  { path: "/settings", heading: "Settings" },
  { path: "/no-such-page", heading: "Page not found" },
];

// Rows with long names on the pages that list things, whatever ran before: a phone must fold them, not scroll.
const id = randomBytes(3).toString("hex");
const seeded: { integration?: string; key?: string; user?: string } = {};
test.beforeAll(async ({ adminCookies, playwright }) => {
  const api = await playwright.request.newContext({
    baseURL: appOrigin(),
    storageState: { cookies: adminCookies, origins: [] },
    extraHTTPHeaders: { origin: appOrigin() },
  });
  const integration = await api.post("/__api__/v1/oauth/integrations", {
    data: {
      template: "posit-workbench-federation",
      name: `Accessibility check: an integration with a long name ${id}`,
      // Its own client ID: no conflict with the integrations other specs create for this provider.
      config: { issuer: OIDC_ISSUER, client_id: `a11y-${id}`, allow_private_issuer: true },
    },
  });
  expect(integration.status(), await integration.text()).toBe(201);
  seeded.integration = (await integration.json()).guid;
  const content = await api.post("/__api__/v1/content", {
    data: { name: `a11y-report-with-a-long-name-${id}`, title: `Quarterly accessibility report with a long title ${id}` },
  });
  expect(content.status(), await content.text()).toBe(201);
  seeded.user = (await (await api.get("/__api__/v1/user")).json()).guid;
  const key = await api.post(`/__api__/v1/users/${seeded.user}/keys`, { data: { name: `a11y key with a long name ${id}` } });
  expect(key.status(), await key.text()).toBe(201);
  seeded.key = (await key.json()).id;
  await api.dispose();
});

test.afterAll(async ({ adminCookies, playwright }) => {
  const api = await playwright.request.newContext({
    baseURL: appOrigin(),
    storageState: { cookies: adminCookies, origins: [] },
    extraHTTPHeaders: { origin: appOrigin() },
  });
  if (seeded.integration) await api.delete(`/__api__/v1/oauth/integrations/${seeded.integration}`);
  if (seeded.key) await api.delete(`/__api__/v1/users/${seeded.user}/keys/${seeded.key}`);
  await api.dispose();
});

for (const { path, heading } of PAGES) {
  test(`${path}: no serious axe violations in light and dark mode, at 1440 and 390 px, and no sideways scroll on a phone`, async ({
    adminPage: page,
  }) => {
    const name = path.slice(1);
    await page.setViewportSize(DESKTOP);
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectAccessibleInBothThemes(page, name);

    await expectPhoneReady(page, name);
  });
}

test("sign-in page and its error, in light and dark mode, at 1440 and 390 px", async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expectAccessibleInBothThemes(page, "login");

  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Enter your username and password." })).toBeVisible();
  await expectPhoneReady(page, "login-error");
});

test("the 404 page has the dashboard's landmarks and a way back, signed in or not", async ({ adminPage: page, browser }) => {
  const res = await page.goto("/integrations/nothing/here");
  expect(res?.status()).toBe(404);
  await expect(page).toHaveTitle(/Page not found/);
  await expect(page.getByRole("banner")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Integrations" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the dashboard" }).click();
  await expect(page).toHaveURL(/\/integrations$/);

  const signedOut = await browser.newPage({ baseURL: appOrigin(), viewport: PHONE });
  const missing = await signedOut.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(signedOut.getByRole("banner")).toBeVisible();
  await expect(signedOut.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expectNoSidewaysScroll(signedOut);
  await expectAccessibleInBothThemes(signedOut, "404-signed-out");
  await signedOut.getByRole("main").getByRole("link", { name: "Go to sign in" }).click();
  await expect(signedOut).toHaveURL(/\/login$/);
  await signedOut.close();
});

test("dark mode follows the system setting, and the theme switch overrides it and is remembered", async ({ adminPage: page }) => {
  const html = page.locator("html");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/keys");
  await expect(html).toHaveClass(/\bdark\b/);
  expect(luminance(await bodyBackground(page))).toBeLessThan(0.05);

  await page.emulateMedia({ colorScheme: "light" });
  await expect(html).not.toHaveClass(/\bdark\b/);
  expect(luminance(await bodyBackground(page))).toBeGreaterThan(0.8);

  // Dark from the switch, on a light system, and still dark after a reload.
  const theme = page.getByRole("group", { name: "Colour theme" });
  await theme.getByRole("radio", { name: "Dark" }).focus();
  await page.keyboard.press("Space");
  await expect(html).toHaveClass(/\bdark\b/);
  expect(luminance(await bodyBackground(page))).toBeLessThan(0.05);
  await page.reload();
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(theme.getByRole("radio", { name: "Dark" })).toBeChecked();
  expect(luminance(await bodyBackground(page))).toBeLessThan(0.05);

  await theme.getByRole("radio", { name: "System" }).focus();
  await page.keyboard.press("Space");
  await expect(html).not.toHaveClass(/\bdark\b/);
});

// The states a page reaches by clicking, in both themes at 1440 px, and at 390 px.
async function checkState(page: import("@playwright/test").Page, name: string, reach: () => Promise<void>) {
  await page.setViewportSize(DESKTOP);
  await reach();
  await expectAccessibleInBothThemes(page, name);
  await expectPhoneReady(page, name);
}

test("users: the create form with its errors, and a user's editor", async ({ adminPage: page }) => {
  await page.goto("/users");
  await checkState(page, "users-create-errors", async () => {
    await page.getByRole("button", { name: "Create user" }).click();
    const form = page.getByRole("form", { name: "Create a user" });
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByText("Username is required")).toBeVisible();
  });
  await page.getByRole("form", { name: "Create a user" }).getByRole("button", { name: "Cancel" }).click();
  await checkState(page, "users-edit", async () => {
    await page.getByRole("button", { name: /^Edit / }).first().click();
    await expect(page.getByRole("button", { name: "Save changes" })).toBeVisible();
  });
});

test("audit: an event's details", async ({ adminPage: page }) => {
  await page.goto("/audit");
  await checkState(page, "audit-details", async () => {
    await page.getByRole("button", { name: /^Details of event/ }).first().click();
    await expect(page.getByRole("term").filter({ hasText: "Event ID" })).toBeVisible();
  });
  // The details' JSON is a dark block in both themes: in dark mode no lighter than the page.
  const code = page.locator("pre").first();
  expect(luminance(await backgroundOf(code))).toBeLessThan(0.05);
  await showInTheme(page, "dark");
  expect(luminance(await backgroundOf(code))).toBeLessThan(luminance(await bodyBackground(page)) + 0.01);
  await showInTheme(page, "light");
});

test("settings: a validation error, and the confirmation before turning federation off", async ({ adminPage: page }) => {
  await page.goto("/settings");
  const claim = page.getByLabel("Claim name");
  if (!(await claim.evaluate((el) => (el as HTMLInputElement).readOnly))) {
    await checkState(page, "settings-error", async () => {
      await claim.fill("not a claim!");
      await page.getByRole("button", { name: "Save Unique ID claim" }).click();
      await expect(page.getByText("The claim must be a claim name")).toBeVisible();
    });
  }
  const flag = page.getByRole("switch", { name: "Identity Federation (Early Access)" });
  test.skip(!(await flag.isEnabled()), "the flag is pinned by the environment");
  const wasOn = (await flag.getAttribute("aria-checked")) === "true";
  if (!wasOn) {
    await flag.click();
    await expect(page.getByRole("status").filter({ hasText: "Identity federation is now on." })).toBeVisible();
  }
  const dialog = page.getByRole("dialog", { name: "Turn off identity federation?" });
  await checkState(page, "settings-turn-off", async () => {
    await flag.click();
    await expect(dialog).toBeVisible();
  });
  await dialog.getByRole("button", { name: wasOn ? "Cancel" : "Turn off" }).click();
  await expect(dialog).toBeHidden();
  await expect(flag).toHaveAttribute("aria-checked", String(wasOn));
});

test("keys: a new key, and the revoke confirmation", async ({ adminPage: page }) => {
  const name = `a11y ${randomBytes(3).toString("hex")}`;
  await page.goto("/keys");
  await checkState(page, "keys-new", async () => {
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByRole("heading", { name: "Copy your new API key now" })).toBeVisible();
  });
  await page.getByRole("button", { name: "I have copied it" }).click();
  await checkState(page, "keys-revoke", async () => {
    await page.getByRole("button", { name: `Revoke ${name}` }).click();
    await expect(page.getByRole("button", { name: "Revoke key" })).toBeVisible();
  });
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
});

test("the keyboard reaches the navigation and signs out", async ({ adminPage: page }) => {
  // Its own user: signing out ends all of a user's sessions, and the other tests share the administrator's.
  const username = `e2e-keyboard-${randomBytes(4).toString("hex")}`;
  const account = { username, password: "correct horse battery", user_role: "publisher" as const };
  await createUserAsAdmin(page, account);
  await page.context().clearCookies();
  await signInThroughApi(page.request, account);
  await page.goto("/content");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  await page.getByRole("link", { name: "API keys" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/keys$/);
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/login$/);
});
