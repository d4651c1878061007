// API keys of the signed-in user: created (the secret shown once), used over HTTP, revoked.
import { randomBytes } from "node:crypto";
import { test, expect } from "./support/fixtures";
import { ADMIN, signInThroughApi } from "./support/accounts";
import { withFederatedPublisher } from "./support/federation";
import { screenshotSizes } from "./support/shots";

const unique = () => randomBytes(4).toString("hex");

test("a key is shown once, works as `Authorization: Key`, and stops working once revoked", async ({
  adminPage: page,
  request,
  context,
}) => {
  const name = `e2e key ${unique()}`;
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/keys");
  const form = page.getByRole("form", { name: "Create an API key" });

  await form.getByRole("button", { name: "Create key" }).click();
  await expect(form.getByText("Name is required")).toBeVisible();
  await expect(form.getByLabel("Name")).toBeFocused();

  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Expires").selectOption({ label: "In 7 days" });
  await form.getByRole("button", { name: "Create key" }).click();

  // Shown once, with a copy button and a clear warning.
  await expect(page.getByRole("heading", { name: "Copy your new API key now" })).toBeFocused();
  await expect(page.getByText("You won’t see it again.")).toBeVisible();
  const field = page.getByLabel(`API key “${name}”`);
  const key = await field.inputValue();
  expect(key.length).toBeGreaterThan(20);
  await page.getByRole("button", { name: "Copy the API key" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Copied to the clipboard." })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

  // It works, without a session cookie.
  const me = await request.get("/__api__/v1/user", { headers: { authorization: `Key ${key}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).username).toBe(ADMIN.username);

  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(page.getByRole("heading", { name: "Your keys" })).toBeFocused();
  await expect(page.locator("body")).not.toContainText(key);
  await page.reload();
  await expect(page.locator("body")).not.toContainText(key);

  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toBeVisible();
  const expires = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
  await expect(row.getByRole("cell").nth(3)).toContainText(expires);
  await expect(row).not.toContainText("Federated");

  // Revoke: asks first; Cancel keeps it; Revoke key removes it.
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("group", { name: `Revoke “${name}”?` });
  await expect(confirm.getByRole("button", { name: "Revoke key" })).toBeFocused();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row.getByRole("button", { name: `Revoke ${name}` })).toBeFocused();
  expect((await request.get("/__api__/v1/user", { headers: { authorization: `Key ${key}` } })).status()).toBe(200);

  // From the keyboard this time.
  await page.keyboard.press("Enter");
  await expect(confirm.getByRole("button", { name: "Revoke key" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: `Revoked “${name}”.` })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);

  const after = await request.get("/__api__/v1/user", { headers: { authorization: `Key ${key}` } });
  expect(after.status()).toBe(401);
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
});

test("another user's keys are out of reach", async ({ adminPage: page }) => {
  // The page lists the signed-in user's keys only; the API refuses anyone else's.
  const res = await page.request.get("/__api__/v1/users/00000000-0000-4000-8000-000000000000/keys");
  expect(res.status()).toBe(403);
});

test("a key minted by federation is marked Federated on its owner's page", async ({ adminPage, browser, request }) => {
  await withFederatedPublisher(adminPage, request, (id) => `e2e keys ${id}`, async ({ account, integration }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughApi(page.request, account);
    await page.goto("/keys");
    const row = page.getByRole("row").filter({ hasText: `federated: ${integration.name}` });
    await expect(row.getByText("Federated", { exact: true })).toBeVisible();
    await expect(row.getByRole("cell").nth(3)).not.toHaveText("Never"); // it expires with the token
    await context.close();
  });
});

test("two keys of one name are told apart by their start; revoking the new one takes its notice away", async ({
  adminPage: page,
  request,
}) => {
  const name = `e2e twin ${unique()}`;
  await page.goto("/keys");
  const form = page.getByRole("form", { name: "Create an API key" });
  const create = async () => {
    await form.getByLabel("Name").fill(name);
    await form.getByRole("button", { name: "Create key" }).click();
    return page.getByLabel(`API key “${name}”`).inputValue();
  };
  const first = await create();
  expect(first).toMatch(/^apik_/); // made by hand; federated keys start fedk_
  await page.getByRole("button", { name: "I have copied it" }).click();
  const second = await create();

  const rows = page.getByRole("row").filter({ hasText: name });
  await expect(rows).toHaveCount(2);
  const secondRow = rows.filter({ hasText: `${second.slice(0, 11)}…` });
  await expect(rows.filter({ hasText: `${first.slice(0, 11)}…` })).toHaveCount(1);
  await expect(secondRow).toHaveCount(1);

  // Revoked while its notice is still up: the notice goes, the form comes back.
  await secondRow.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("button", { name: "Revoke key" });
  await expect(confirm).toHaveClass(/bg-red-700/);
  await screenshotSizes(page, "keys-revoke-notice");
  await confirm.click();
  await expect(page.getByRole("status").filter({ hasText: `Revoked “${name}”.` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Copy your new API key now" })).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(second);
  await expect(form).toBeVisible();
  await expect(rows).toHaveCount(1);
  expect((await request.get("/__api__/v1/user", { headers: { authorization: `Key ${second}` } })).status()).toBe(401);
  expect((await request.get("/__api__/v1/user", { headers: { authorization: `Key ${first}` } })).status()).toBe(200);
});
