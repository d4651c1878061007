// axe on every page a person can reach, failing on serious or critical violations.
import { test, expect } from "./support/fixtures";
import { expectNoSeriousA11yViolations } from "./support/axe";

const DASHBOARD_PAGES = [
  { path: "/integrations", heading: "Integrations" },
  { path: "/users", heading: "Users" },
  { path: "/audit", heading: "Audit" },
  { path: "/settings", heading: "Settings" },
  { path: "/content", heading: "Content" },
  { path: "/keys", heading: "API keys" },
];

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
      });
    }
  });
}

test("the keyboard reaches the navigation and signs out", async ({ adminPage: page }) => {
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
