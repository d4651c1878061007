// Runs first, on the empty database of this run (see the "first-run" project).
import type { Page } from "@playwright/test";
import { test, expect } from "./support/fixtures";
import { ADMIN, ensureAdministrator, setupCode } from "./support/accounts";
import { expectAccessibleInBothThemes, expectPhoneReady } from "./support/axe";

const SYSTEM_LINKS = ["Integrations", "Users", "Audit", "Settings"];

async function expectSignedOut(page: Page) {
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => c.name)).not.toContain("next-auth.session-token");
  await page.goto("/integrations");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
}

test("first run: set up the administrator, sign out and sign back in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the first administrator" })).toBeVisible();
  // The only moment the setup page exists: axe in light and dark mode, and on a phone no sideways scroll.
  const desktop = page.viewportSize()!;
  await expectAccessibleInBothThemes(page, "setup");
  await expectPhoneReady(page, "setup");
  await page.setViewportSize(desktop);

  // The shared schema rejects a bad form before anything is sent.
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill("too short");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("Password must be at least 10 characters")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeFocused();
  await expect(page).toHaveURL(/\/setup$/);

  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByLabel("Email").fill(ADMIN.email);

  // Without the code the server printed, nobody becomes administrator.
  const code = setupCode();
  expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
  await page.getByLabel("Setup code").fill("WRNG-WRNG-WRNG-WRNG");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("Setup code is missing or wrong")).toBeVisible();
  await expect(page.getByLabel("Setup code")).toBeFocused();
  await expect(page).toHaveURL(/\/setup$/);

  await page.getByLabel("Setup code").fill(code);
  await page.getByRole("button", { name: "Create administrator" }).click();

  // Signed in, on the dashboard.
  await expect(page).toHaveURL(/\/integrations$/);
  const header = page.getByRole("banner");
  await expect(header.getByText(ADMIN.username, { exact: true })).toBeVisible();
  await expect(header.getByText("administrator", { exact: true })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of [...SYSTEM_LINKS, "Content", "API keys"]) {
    await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "Integrations" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { level: 1, name: "Integrations" })).toBeVisible();

  // Setup is over: the page and the endpoint refuse a second administrator.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login$|\/integrations$/);
  const again = await page.request.post("/__api__/v1/setup", {
    data: { username: "second-admin", password: "another long password", setup_code: code },
  });
  expect(again.status()).toBe(409);
  expect(setupCode()).toBe(""); // the code file is gone

  await page.goto("/users");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expectSignedOut(page);

  // Back in with the password, from the keyboard.
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByLabel("Password").press("Enter");
  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByRole("banner").getByText(ADMIN.username, { exact: true })).toBeVisible();
});

test("a wrong password shows an error and signs nobody in", async ({ page, request }) => {
  await ensureAdministrator(request);
  await page.goto("/login");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();

  // (Next.js keeps an empty role="alert" route announcer on every page.)
  await expect(page.getByRole("alert").filter({ hasText: "Invalid username or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await expectSignedOut(page);
});
