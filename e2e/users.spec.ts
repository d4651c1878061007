// System > Users: create, search, page, edit role and external ID, lock — through the same API as every client.
import { randomBytes } from "node:crypto";
import { test, expect } from "./support/fixtures";
import { appOrigin, signInWithPassword } from "./support/accounts";
import type { Page } from "@playwright/test";
import { screenshot } from "./support/shots";

const unique = () => randomBytes(4).toString("hex");
type ApiUser = { guid: string; username: string; user_role: string; external_id: string | null; locked: boolean; email: string };

async function usersWithPrefix(page: Page, prefix: string): Promise<{ results: ApiUser[]; total: number }> {
  const res = await page.request.get(`/__api__/v1/users?prefix=${encodeURIComponent(prefix)}&page_size=100`);
  expect(res.status()).toBe(200);
  return res.json();
}

async function createUserByApi(page: Page, user: Record<string, unknown>): Promise<ApiUser> {
  const origin = appOrigin();
  const res = await page.request.post("/__api__/v1/users", { data: user, headers: { origin } });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

test("creating a user: bad input shows field errors and saves nothing; good input creates it, found by search", async ({
  adminPage: page,
}) => {
  const id = unique();
  const username = `e2e-user-${id}`;
  await page.goto("/users");
  await expect(page.getByText("Federation only maps to existing users")).toBeVisible();

  await page.getByRole("button", { name: "Create user" }).click();
  const form = page.getByRole("form", { name: "Create a user" });
  await expect(form.getByLabel("Username")).toBeFocused();

  // The shared schema refuses it in the browser; nothing reaches the server.
  await form.getByLabel("Username").fill(`bad name ${id}`);
  await form.getByLabel("Email").fill("not an email");
  await form.getByLabel("Password").fill("short");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByText("Username may contain letters, digits")).toBeVisible();
  await expect(form.getByText("Email must be an email address")).toBeVisible();
  await expect(form.getByText("Password must be at least 10 characters")).toBeVisible();
  await expect(form.getByLabel("Username")).toBeFocused();
  expect((await usersWithPrefix(page, `bad name ${id}`)).total).toBe(0);

  await form.getByLabel("Username").fill(username);
  await form.getByLabel("Email").fill(`${username}@example.test`);
  await form.getByLabel("First name").fill("Ada");
  await form.getByLabel("Last name").fill("Lovelace");
  await form.getByLabel("Role").selectOption("publisher");
  await form.getByLabel("External ID").fill(`ext-${id}`);
  await form.getByLabel("Password").fill("");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Created user ${username}.` })).toBeVisible();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Create user" })).toBeFocused();
  const [created] = (await usersWithPrefix(page, username)).results;
  expect(created).toMatchObject({ username, user_role: "publisher", external_id: `ext-${id}`, locked: false });

  // Only the server knows the external ID is taken: its refusal lands on the field, and nothing is saved.
  await page.getByRole("button", { name: "Create user" }).click();
  await form.getByLabel("Username").fill(`${username}-twin`);
  await form.getByLabel("External ID").fill(`ext-${id}`);
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByText(`Another user (${username}) already has external_id "ext-${id}".`)).toBeVisible();
  await expect(form.getByLabel("External ID")).toBeFocused();
  expect((await usersWithPrefix(page, `${username}-twin`)).total).toBe(0);
  await form.getByRole("button", { name: "Cancel" }).click();

  // Search by prefix; the search lives in the address bar and survives a reload (rendered on the server).
  await page.getByLabel("Search users").fill(username);
  await page.getByLabel("Search users").press("Enter");
  await expect(page.getByText(`1 user starting with “${username}”`)).toBeVisible();
  const row = page.getByTestId(`user-row-${username}`);
  await expect(row).toContainText("Ada Lovelace");
  await expect(row).toContainText("Publisher");
  await expect(row).toContainText(`ext-${id}`);
  await expect(page).toHaveURL(new RegExp(`/users\\?prefix=${username}$`));
  await page.reload();
  await expect(page.getByTestId(`user-row-${username}`)).toBeVisible();
  await expect(page.getByLabel("Search users")).toHaveValue(username);

  await page.getByLabel("Search users").fill(`nobody-${id}`);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("No users match")).toBeVisible();
});

test("editing a user's role and external ID, with validation; locking and unlocking", async ({ adminPage: page }) => {
  const id = unique();
  const username = `e2e-edit-${id}`;
  await page.goto("/users");
  await createUserByApi(page, { username, user_role: "viewer" });
  await createUserByApi(page, { username: `e2e-other-${id}`, user_role: "viewer", external_id: `taken-${id}` });

  await page.goto(`/users?prefix=${username}`);
  const row = page.getByTestId(`user-row-${username}`);
  await expect(row).toContainText("Viewer");
  await row.getByRole("button", { name: `Edit ${username}` }).click();
  const form = page.getByRole("form", { name: `Edit ${username}` });
  await expect(row.getByRole("button", { name: `Edit ${username}` })).toHaveAttribute("aria-expanded", "true");

  // Too long for the shared schema: an error on the field, and nothing saved (not even the role).
  await form.getByLabel("Role").selectOption("publisher");
  await form.getByLabel("External ID").fill("x".repeat(513));
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByText("External ID must be at most 512 characters")).toBeVisible();
  await expect(form.getByLabel("External ID")).toBeFocused();
  // Taken by another user: the server's conflict, on the field.
  await form.getByLabel("External ID").fill(`taken-${id}`);
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByText(`Another user (e2e-other-${id}) already has external_id "taken-${id}".`)).toBeVisible();
  let [saved] = (await usersWithPrefix(page, username)).results;
  expect(saved).toMatchObject({ user_role: "viewer", external_id: null });

  await form.getByLabel("External ID").fill(`idp|${id}`);
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved ${username}.` })).toBeVisible();
  await expect(form).toHaveCount(0);
  await expect(row.getByRole("button", { name: `Edit ${username}` })).toBeFocused();
  await expect(row).toContainText("Publisher");
  await expect(row).toContainText(`idp|${id}`);
  [saved] = (await usersWithPrefix(page, username)).results;
  expect(saved).toMatchObject({ user_role: "publisher", external_id: `idp|${id}` });

  // Lock asks first, saying what stops working; Cancel changes nothing.
  await row.getByRole("button", { name: `Lock ${username}` }).click();
  const dialog = page.getByRole("dialog", { name: `Lock ${username}?` });
  await expect(dialog).toContainText("their API keys stop working");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await usersWithPrefix(page, username)).results[0].locked).toBe(false);
  await row.getByRole("button", { name: `Lock ${username}` }).click();
  await expect(dialog.getByRole("button", { name: `Lock ${username}` })).toHaveClass(/bg-red-700/);
  await dialog.getByRole("button", { name: `Lock ${username}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${username} is locked.` })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Locked");
  await expect(row.getByRole("button", { name: `Unlock ${username}` })).toBeFocused();
  expect((await usersWithPrefix(page, username)).results[0].locked).toBe(true);
  await page.reload();
  await expect(page.getByTestId(`user-row-${username}`)).toContainText("Locked");

  await row.getByRole("button", { name: `Unlock ${username}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${username} is unlocked.` })).toBeVisible();
  await expect(row).toContainText("Active");
  expect((await usersWithPrefix(page, username)).results[0].locked).toBe(false);

  // Clearing the external ID removes it.
  await row.getByRole("button", { name: `Edit ${username}` }).click();
  await form.getByLabel("External ID").fill("");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved ${username}.` })).toBeVisible();
  expect((await usersWithPrefix(page, username)).results[0].external_id).toBeNull();
});

test("administrators cannot lock themselves or change their own role", async ({ adminPage: page }) => {
  const me = await (await page.request.get("/__api__/v1/user")).json();
  await page.goto(`/users?prefix=${encodeURIComponent(me.username)}`);
  const row = page.getByTestId(`user-row-${me.username}`);
  await expect(row).toContainText("(you)");
  await expect(row.getByRole("button", { name: `Lock ${me.username}` })).toHaveCount(0);
  await row.getByRole("button", { name: `Edit ${me.username}` }).click();
  await expect(page.getByRole("form", { name: `Edit ${me.username}` }).getByLabel("Role")).toBeDisabled();
});

test("paging through a search", async ({ adminPage: page }) => {
  const prefix = `e2e-page-${unique()}`;
  await page.goto("/users");
  for (let n = 1; n <= 23; n++) await createUserByApi(page, { username: `${prefix}-${String(n).padStart(2, "0")}` });

  await page.goto(`/users?prefix=${prefix}`);
  await expect(page.getByText(`23 users starting with “${prefix}”`)).toBeVisible();
  const rows = page.locator(`[data-testid^="user-row-${prefix}-"]`);
  await expect(rows).toHaveCount(20);
  const pages = page.getByRole("navigation", { name: "Users pages" });
  await expect(pages.getByText("Page 1 of 2")).toBeVisible();
  await expect(pages.getByRole("button", { name: "Previous page" })).toBeDisabled();

  await pages.getByRole("button", { name: "Next page" }).click();
  await expect(pages.getByText("Page 2 of 2")).toBeVisible();
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId(`user-row-${prefix}-23`)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`page=2`));

  await page.reload();
  await expect(rows).toHaveCount(3);
  await pages.getByRole("button", { name: "Previous page" }).click();
  await expect(rows).toHaveCount(20);
});

test("filtering by role and status; editing names and email; a new password ends the user's sessions", async ({
  adminPage: page,
  browser,
}) => {
  const prefix = `e2e-filter-${unique()}`;
  const publisher = { username: `${prefix}-pub`, password: "the first password" };
  await page.goto("/users");
  await createUserByApi(page, { ...publisher, user_role: "publisher" });
  await createUserByApi(page, { username: `${prefix}-locked`, user_role: "viewer", locked: true });
  await createUserByApi(page, { username: `${prefix}-viewer`, user_role: "viewer" });

  await page.goto(`/users?prefix=${prefix}`);
  const search = page.getByRole("search");
  const rows = page.locator(`[data-testid^="user-row-${prefix}-"]`);
  await expect(rows).toHaveCount(3);
  await search.getByLabel("Role").selectOption("viewer");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(rows).toHaveCount(2);
  await search.getByLabel("Status").selectOption({ label: "Locked" });
  await search.getByRole("button", { name: "Search" }).click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId(`user-row-${prefix}-locked`)).toBeVisible();
  await expect(page.getByText(`1 user starting with “${prefix}” with that role and status`)).toBeVisible();
  await expect(page).toHaveURL(/role=viewer&status=locked/);
  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect(search.getByLabel("Status")).toHaveValue("locked");
  await page.getByRole("button", { name: "Show all users" }).click();
  await expect(search.getByLabel("Role")).toHaveValue("");

  // The publisher is signed in elsewhere.
  const elsewhere = await browser.newContext();
  const theirPage = await elsewhere.newPage();
  await signInWithPassword(theirPage, publisher);

  await page.goto(`/users?prefix=${publisher.username}`);
  const row = page.getByTestId(`user-row-${publisher.username}`);
  await row.getByRole("button", { name: `Edit ${publisher.username}` }).click();
  const form = page.getByRole("form", { name: `Edit ${publisher.username}` });
  await form.getByLabel("First name").fill("Grace");
  await form.getByLabel("Last name").fill("Hopper");
  await form.getByLabel("Email").fill(`${publisher.username}@example.test`);
  await form.getByLabel("New password").fill("x".repeat(257));
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByText("New password must be at most 256 characters")).toBeVisible();
  await expect(form).not.toContainText(/expected|Too big/);
  await expect(form.getByLabel("New password")).toBeFocused();
  await screenshot(page, "users-edit-errors");

  const newPassword = "a second passphrase";
  await form.getByLabel("New password").fill(newPassword);
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Saved ${publisher.username}: a new password is set and their sessions have ended.` }),
  ).toBeVisible();
  await expect(row).toContainText("Grace Hopper");
  await expect(row).toContainText(`${publisher.username}@example.test`);

  // Their session has ended; the new password signs in, the old one does not.
  await theirPage.goto("/keys");
  await expect(theirPage).toHaveURL(/\/login/);
  await signInWithPassword(theirPage, { ...publisher, password: newPassword });

  // Made a service user: no password to reset any more, and signed out again.
  await row.getByRole("button", { name: `Edit ${publisher.username}` }).click();
  await form.getByLabel("Service user").check();
  await expect(form.getByLabel("New password")).toHaveCount(0);
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Saved ${publisher.username}: now a service user, without a password, and their sessions have ended.` }),
  ).toBeVisible();
  await expect(row).toContainText("Service user");
  await theirPage.goto("/keys");
  await expect(theirPage).toHaveURL(/\/login/);
  await elsewhere.close();

  for (const [width, height] of [[1440, 900], [390, 844]]) {
    await page.setViewportSize({ width, height });
    await page.goto(`/users?prefix=${prefix}&role=viewer`);
    await page.getByTestId(`user-row-${prefix}-viewer`).getByRole("button", { name: `Lock ${prefix}-viewer` }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await screenshot(page, "users-lock");
  }
});
