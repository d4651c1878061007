// axe on every page a person can reach, failing on serious or critical violations.
import { randomBytes } from "node:crypto";
import { test, expect } from "./support/fixtures";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { createUserAsAdmin, signInWithPassword } from "./support/accounts";

const DASHBOARD_PAGES = [
  { path: "/integrations", heading: "Integrations" },
  { path: "/users", heading: "Users" },
  { path: "/audit", heading: "Audit" },
  { path: "/settings", heading: "Settings" },
  { path: "/content", heading: "Content" },
  { path: "/keys", heading: "API keys" },
];

// The pages whose layout this suite also checks at 375 px.
const READABLE_NARROW = ["/users", "/audit", "/settings", "/keys"];

for (const viewport of [
  { name: "desktop", size: { width: 1280, height: 800 } },
  { name: "narrow", size: { width: 375, height: 740 } },
]) {
  test.describe(viewport.name, () => {
    test.use({ viewport: viewport.size });

    test("sign-in page", async ({ page }) => {
      await page.goto("/login");
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
      await expectNoSeriousA11yViolations(page);

      // The error state too.
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Enter your username and password." })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    });

    for (const { path, heading } of DASHBOARD_PAGES) {
      test(`${path} as administrator`, async ({ adminPage: page }) => {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
        await expectNoSeriousA11yViolations(page);
        if (READABLE_NARROW.includes(path)) {
          // Readable at this width: wide tables scroll inside their own region, never the page.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
        }
      });
    }

    test("users: the create form with its errors, and a user's editor", async ({ adminPage: page }) => {
      await page.goto("/users");
      await page.getByRole("button", { name: "Create user" }).click();
      const form = page.getByRole("form", { name: "Create a user" });
      await form.getByRole("button", { name: "Create user" }).click();
      await expect(form.getByText("Username is required")).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      await form.getByRole("button", { name: "Cancel" }).click();
      await page.getByRole("button", { name: /^Edit / }).first().click();
      await expect(page.getByRole("button", { name: "Save changes" })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    });

    test("audit: an event's details", async ({ adminPage: page }) => {
      await page.goto("/audit");
      await page.getByRole("button", { name: /^Details of event/ }).first().click();
      await expect(page.getByRole("term").filter({ hasText: "Event ID" })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    });

    test("settings: a validation error", async ({ adminPage: page }) => {
      await page.goto("/settings");
      const claim = page.getByLabel("Claim name");
      test.skip(await claim.evaluate((el) => (el as HTMLInputElement).readOnly), "pinned by the environment");
      await claim.fill("not a claim!");
      await page.getByRole("button", { name: "Save Unique ID claim" }).click();
      await expect(page.getByText("The claim must be a claim name")).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    });

    test("keys: a new key, and the revoke confirmation", async ({ adminPage: page }) => {
      const name = `a11y ${viewport.name} ${randomBytes(3).toString("hex")}`;
      await page.goto("/keys");
      await page.getByLabel("Name").fill(name);
      await page.getByRole("button", { name: "Create key" }).click();
      await expect(page.getByRole("heading", { name: "Copy your new API key now" })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      await page.getByRole("button", { name: "I have copied it" }).click();
      await page.getByRole("button", { name: `Revoke ${name}` }).click();
      await expect(page.getByRole("button", { name: "Revoke key" })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      await page.getByRole("button", { name: "Revoke key" }).click();
      await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
    });
  });
}

test("the keyboard reaches the navigation and signs out", async ({ adminPage: page }) => {
  // Its own user: signing out ends all of a user's sessions, and the other tests share the administrator's.
  const username = `e2e-keyboard-${randomBytes(4).toString("hex")}`;
  const account = { username, password: "correct horse battery", user_role: "publisher" as const };
  await createUserAsAdmin(page, account);
  await page.context().clearCookies();
  await signInWithPassword(page, account);
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
