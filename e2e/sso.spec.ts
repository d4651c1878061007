// Single sign-on through the real OpenID Provider's own pages (oidc-provider's development
// login and consent): the login name becomes the token's `sub`.
import { randomBytes } from "node:crypto";
import { appOrigin } from "./support/accounts";
import { test, expect } from "./support/fixtures";
import type { Browser, Page } from "@playwright/test";

async function signInWithSso(browser: Browser, login: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:4455\//);
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password at all");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click(); // consent
  return page;
}

test("a person signs in with single sign-on: a viewer whose external ID is the provider's sub", async ({
  browser,
  adminPage,
}) => {
  const login = `e2e-sso-${randomBytes(4).toString("hex")}`;
  const page = await signInWithSso(browser, login);

  await expect(page).toHaveURL(`${appOrigin()}/content`);
  const banner = page.getByRole("banner");
  await expect(banner.getByTestId("current-username")).toHaveText(login);
  await expect(banner.getByText("viewer", { exact: true })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByText("System")).toHaveCount(0);
  await page.context().close();

  // The administrator finds the new user in Users.
  await adminPage.goto(`/users?prefix=${login}`);
  await expect(adminPage.getByText(`1 user starting with “${login}”`)).toBeVisible();
  const row = adminPage.getByTestId(`user-row-${login}`);
  await expect(row).toContainText("Viewer");
  await expect(row.getByRole("cell").nth(2)).toHaveText(login); // external ID = sub
  await expect(row).toContainText(`${login}@example.test`);

  // Signing in again finds the same account rather than creating another.
  const again = await signInWithSso(browser, login);
  await expect(again.getByRole("banner").getByTestId("current-username")).toHaveText(login);
  await again.context().close();
  await adminPage.reload();
  await expect(adminPage.getByText(`1 user starting with “${login}”`)).toBeVisible();
});

test("a locked single sign-on user is turned away", async ({ browser, adminPage }) => {
  const login = `e2e-sso-locked-${randomBytes(4).toString("hex")}`;
  const first = await signInWithSso(browser, login);
  await expect(first).toHaveURL(/\/content$/);
  await first.context().close();

  await adminPage.goto(`/users?prefix=${login}`);
  const row = adminPage.getByTestId(`user-row-${login}`);
  await row.getByRole("button", { name: `Lock ${login}` }).click();
  await adminPage.getByRole("dialog", { name: `Lock ${login}?` }).getByRole("button", { name: `Lock ${login}` }).click();
  await expect(row).toContainText("Locked");

  const page = await signInWithSso(browser, login);
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByRole("alert").filter({ hasText: "this server refused the account" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await page.context().close();
});
