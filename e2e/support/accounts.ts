import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { serverOf } from "./servers";

export const ADMIN = { username: "e2e-admin", password: "correct horse battery", email: "admin@example.com" };

/**
 * The one-time setup code an app server wrote to its data directory at start
 * (e2e/support/servers.ts); "" once setup removed it.
 */
export function setupCode(server = serverOf(test.info())): string {
  try {
    return readFileSync(path.join(server.dataDir, "setup-code"), "utf8").trim();
  } catch {
    return "";
  }
}

/** Creates the first administrator unless setup already happened (409), so specs do not depend on order. */
export async function ensureAdministrator(request: APIRequestContext, server = serverOf(test.info())) {
  const res = await request.post("/__api__/v1/setup", { data: { ...ADMIN, setup_code: setupCode(server) } });
  expect([201, 409], await res.text()).toContain(res.status());
}

export async function signInWithPassword(page: Page, account: { username: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/**
 * Signs a context in as the sign-in form does (next-auth's password callback), without
 * loading the form: for tests where signing in is not the point. `request` is a page's or
 * context's, so the browser shares the session cookie.
 */
export async function signInThroughApi(request: APIRequestContext, account: { username: string; password: string }) {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const res = await request.post("/api/auth/callback/password", {
    form: { csrfToken, username: account.username, password: account.password, json: "true" },
  });
  expect(res.status(), await res.text()).toBe(200);
  const { cookies } = await request.storageState();
  expect(cookies.map((c) => c.name), `${account.username} is signed in`).toContain("next-auth.session-token");
}

/** This test's app origin: cookie-authenticated API writes must send it, as the dashboard's own do. */
export const appOrigin = () => serverOf(test.info()).url;

export async function createUserAsAdmin(
  adminPage: Page,
  user: { username: string; password: string; user_role: "administrator" | "publisher" | "viewer" },
) {
  const res = await adminPage.request.post("/__api__/v1/users", { data: user, headers: { origin: appOrigin() } });
  expect(res.status(), await res.text()).toBe(201);
}
