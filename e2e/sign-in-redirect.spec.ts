// A signed-in /login follows callbackUrl only to a path on this server, and never fails on odd values.
import { randomBytes } from "node:crypto";
import { test, expect } from "./support/fixtures";
import { appOrigin, createUserAsAdmin } from "./support/accounts";

const HOSTILE = [
  "%2F%09%2Fevil.example",
  "%2F%09%5Cevil.example",
  "%2F%2Fevil.example",
  "%2F%5Cevil.example",
  "%2F.%2F%2Fevil.example",
  "https%3A%2F%2Fevil.example",
  "javascript%3Aalert(1)",
  "%EF%BC%8F%EF%BC%8Fevil.example",
  "%E0%A4%A",
];

test("a signed-in /login redirects hostile callbackUrls to the dashboard", async ({ adminPage: page }) => {
  const origin = appOrigin();
  for (const value of HOSTILE) {
    const res = await page.request.get(`/login?callbackUrl=${value}`, { maxRedirects: 0 });
    expect(res.status(), value).toBeGreaterThanOrEqual(300);
    expect(res.status(), value).toBeLessThan(400);
    expect(new URL(res.headers()["location"], origin).href, value).toBe(`${origin}/`);
  }
  const kept = await page.request.get(`/login?callbackUrl=${encodeURIComponent("/keys?tab=1")}`, { maxRedirects: 0 });
  expect(new URL(kept.headers()["location"], origin).href).toBe(`${origin}/keys?tab=1`);
});

test("signing in from /login?callbackUrl=/%09/evil lands on this server", async ({ adminPage: page }) => {
  const username = `e2e-redirect-${randomBytes(4).toString("hex")}`;
  const account = { username, password: "correct horse battery", user_role: "viewer" as const };
  await createUserAsAdmin(page, account);
  await page.context().clearCookies();
  await page.goto("/login?callbackUrl=%2F%09%2Fevil.example");
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(appOrigin());
  await expect(page).toHaveURL(/\/content$/); // the dashboard of a viewer
});
