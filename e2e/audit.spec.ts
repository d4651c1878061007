// Audit: filters (integration, outcome, reason, user, time range), cursor paging, and each event's details.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { test, expect } from "./support/fixtures";
import { ADMIN } from "./support/accounts";
import type { Page } from "@playwright/test";
import { screenshotSizes } from "./support/shots";

const unique = () => randomBytes(4).toString("hex");
const originOf = (page: Page) => new URL(page.url()).origin;
/** A datetime-local value in UTC, `offsetMs` from now. */
const utcInput = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().slice(0, 16);
const HOUR = 3600_000;

async function post(page: Page, path: string, data: unknown) {
  const res = await page.request.post(path, { data, headers: { origin: originOf(page) } });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

test("filters find events, each row opens to its details, and the filters survive a reload", async ({
  adminPage: page,
  browser,
}) => {
  const id = unique();
  await page.goto("/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();

  // Something to find: a (disabled) integration's creation, and a user's failed password sign-in.
  const integration = await post(page, "/__api__/v1/oauth/integrations", {
    name: `e2e audit ${id}`,
    template: "oidc-federation",
    enabled: false,
    config: { issuer: `https://audit-${id}.example.test`, client_id: `client-${id}` },
  });
  const username = `e2e-audit-${id}`;
  const user = await post(page, "/__api__/v1/users", { username, user_role: "viewer", password: "the right password" });
  const other = await browser.newContext();
  const signIn = await other.newPage();
  await signIn.goto("/login");
  await signIn.getByLabel("Username").fill(username);
  await signIn.getByLabel("Password").fill("the wrong password");
  await signIn.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(signIn.getByRole("alert").filter({ hasText: "Invalid username or password." })).toBeVisible();
  await other.close();

  const filters = page.getByRole("form", { name: "Filter the audit log" });
  const events = page.getByRole("table", { name: "Audit events" }).locator("tbody tr:not(.hidden)");

  // By integration: a search, not a list of every integration. Typed but not chosen is a mistake on the field.
  const integrationBox = filters.getByRole("combobox", { name: "Integration" });
  await integrationBox.fill(`e2e audit ${id}`);
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(filters.getByText(`Choose an integration from the matches for “e2e audit ${id}”.`)).toBeVisible();
  await expect(integrationBox).toBeFocused();
  // The server's matches for the typed start of the name; the keyboard chooses one.
  await integrationBox.fill(`E2E AUDIT ${id.slice(0, 6)}`);
  await expect(page.getByRole("option", { name: `e2e audit ${id}` })).toBeVisible();
  await screenshotSizes(page, "audit-integration-search");
  await integrationBox.press("ArrowDown");
  await integrationBox.press("Enter");
  await expect(integrationBox).toHaveValue(`e2e audit ${id}`);
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText("integration.create");
  await expect(page).toHaveURL(new RegExp(`integration=${integration.guid}`));
  await page.reload();
  await expect(integrationBox).toHaveValue(`e2e audit ${id}`);
  await expect(events).toHaveCount(1);

  // By user, outcome and reason: the failed sign-in.
  await filters.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await filters.getByLabel("User").fill(username);
  await filters.getByLabel("Outcome").selectOption("failure");
  await filters.getByLabel("Reason").selectOption("invalid_credentials");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(events).toHaveCount(1);
  const row = events.first();
  await expect(row).toContainText("auth.sign_in");
  await expect(row).toContainText("Failure");
  await expect(row).toContainText("invalid_credentials");

  // Its details: every field, and the JSON details.
  const toggle = row.getByRole("button", { name: /^Details of event/ });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  const details = page.locator(`#${await toggle.getAttribute("aria-controls")}`);
  for (const term of ["Event ID", "Time", "Action", "Outcome", "Reason", "Actor", "Actor IP", "Integration", "User", "API key ID", "Issuer (iss)", "Matched claim value", "Token ID (jti)", "Signing key ID (kid)"]) {
    await expect(details.getByRole("term").filter({ hasText: new RegExp(`^${term.replace(/[()]/g, "\\$&")}$`) })).toBeVisible();
  }
  await expect(details).toContainText(user.guid);
  await expect(details.locator("pre")).toContainText('"method": "password"');
  await expect(details.locator("pre")).toContainText(`"username": "${username}"`);
  await toggle.click();
  await expect(details).toBeHidden();

  // The filters are in the address bar: a reload renders the same events on the server.
  await expect(page).toHaveURL(/outcome=failure/);
  await page.reload();
  await expect(filters.getByLabel("User")).toHaveValue(username);
  await expect(filters.getByLabel("Reason")).toHaveValue("invalid_credentials");
  await expect(events).toHaveCount(1);

  // A time range that ends before the event finds nothing; one around it finds it.
  await filters.getByLabel("To (UTC)").fill(utcInput(-HOUR));
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No events match these filters")).toBeVisible();
  await filters.getByLabel("From (UTC)").fill(utcInput(-HOUR));
  await filters.getByLabel("To (UTC)").fill(utcInput(HOUR));
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(events).toHaveCount(1);

  // Mistakes are reported on their fields.
  await filters.getByLabel("From (UTC)").fill(utcInput(HOUR));
  await filters.getByLabel("To (UTC)").fill(utcInput(-HOUR));
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(filters.getByText("To must be later than From.")).toBeVisible();
  await filters.getByLabel("From (UTC)").fill("");
  await filters.getByLabel("To (UTC)").fill("");
  await filters.getByLabel("User").fill(`nobody-${id}`);
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(filters.getByText(`No user is named “nobody-${id}”.`)).toBeVisible();
  await expect(filters.getByLabel("User")).toBeFocused();

  const removed = await page.request.delete(`/__api__/v1/oauth/integrations/${integration.guid}`, {
    headers: { origin: originOf(page) },
  });
  expect(removed.status()).toBe(204);
});

test("Load more pages through the log with its cursor", async ({ adminPage: page }) => {
  const username = `e2e-audit-pages-${unique()}`;
  await page.goto("/audit");
  const user = await post(page, "/__api__/v1/users", { username, user_role: "viewer" });
  // 1 creation + 55 updates = 56 events about this user: more than one page of 50.
  for (let n = 0; n < 55; n++) {
    const res = await page.request.patch(`/__api__/v1/users/${user.guid}`, {
      data: { first_name: `Name ${n}` },
      headers: { origin: originOf(page) },
    });
    expect(res.status()).toBe(200);
  }

  await page.goto(`/audit?user=${user.guid}`);
  const events = page.getByRole("table", { name: "Audit events" }).locator("tbody tr:not(.hidden)");
  await expect(events).toHaveCount(50);
  await expect(page.getByText("Showing 50 events, newest first.")).toBeVisible();
  await expect(page.getByRole("form", { name: "Filter the audit log" }).getByLabel("User")).toHaveValue(username);

  await page.getByRole("button", { name: "Load more events" }).click();
  await expect(events).toHaveCount(56);
  await expect(page.getByText("Showing 56 events, newest first (the end of the log).")).toBeVisible();
  await expect(page.getByRole("button", { name: "Load more events" })).toHaveCount(0);
  await expect(events.last()).toContainText("user.create");
});

test("a change shows who made it and what changed; an unchanged save adds nothing; the view exports as CSV and JSON", async ({
  adminPage: page,
}) => {
  const username = `e2e-audit-change-${unique()}`;
  await page.goto("/audit");
  const user = await post(page, "/__api__/v1/users", { username, user_role: "viewer" });
  const patch = (data: unknown) =>
    page.request.patch(`/__api__/v1/users/${user.guid}`, { data, headers: { origin: originOf(page) } });
  expect((await patch({ user_role: "publisher", first_name: "Ada" })).status()).toBe(200);
  expect((await patch({ user_role: "publisher", first_name: "Ada" })).status()).toBe(200); // the same again: no event

  await page.goto(`/audit?user=${user.guid}`);
  const events = page.getByRole("table", { name: "Audit events" }).locator("tbody tr:not(.hidden)");
  await expect(events).toHaveCount(2);
  const update = events.filter({ hasText: "user.update" });
  await expect(update.getByTestId("change-summary")).toHaveText("first_name: (empty) → Ada; user_role: viewer → publisher");
  await expect(update.getByRole("cell").nth(3)).toHaveText(ADMIN.username); // the Actor column

  await expect(page.getByRole("link", { name: "JSON" })).toHaveAttribute("href", `/__api__/v1/audit_logs/export?user=${user.guid}&format=json`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^audit-\d{8}T\d{6}\.csv$/);
  const lines = readFileSync(await file.path(), "utf8").trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^id,time,action,outcome,reason,actor,/);
  expect(lines).toHaveLength(3);
  expect(lines[1]).toContain(",user.update,success,,e2e-admin,");
  expect(lines[2]).toContain(",user.create,");

  await screenshotSizes(page, "audit-export");
});
