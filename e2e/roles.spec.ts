// System pages are for administrators; everyone else gets the 403 message, never the content.
import { randomBytes } from "node:crypto";
import { test, expect } from "./support/fixtures";
import { createUserAsAdmin, signInThroughApi } from "./support/accounts";
import { expectNoSeriousA11yViolations } from "./support/axe";

for (const role of ["publisher", "viewer"] as const) {
  test(`a ${role} sees no System section and is refused its pages`, async ({ adminPage, browser }) => {
    const account = { username: `e2e-${role}-${randomBytes(4).toString("hex")}`, password: "a long enough password" };
    await createUserAsAdmin(adminPage, { ...account, user_role: role });

    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughApi(page.request, account);
    await page.goto("/");
    await expect(page).toHaveURL(/\/content$/);
    await expect(page.getByRole("banner").getByText(role, { exact: true })).toBeVisible();

    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Content" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "API keys" })).toBeVisible();
    await expect(nav.getByText("System")).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Integrations" })).toHaveCount(0);

    for (const [path, heading] of [
      ["/integrations", "Integrations"],
      ["/users", "Users"],
      ["/audit", "Audit"],
      ["/settings", "Settings"],
    ]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: "You need administrator rights" })).toBeVisible();
      await expect(page.getByRole("heading", { level: 1, name: heading, exact: true })).toHaveCount(0);
    }
    await expectNoSeriousA11yViolations(page);

    // The endpoints behind those pages refuse the signed-in session too. The Origin header makes
    // these writes same-origin, so the refusal is the role check, not the cross-origin one.
    const origin = new URL(page.url()).origin;
    const me = await (await page.request.get("/__api__/v1/user")).json();
    const refused: Array<[string, string, unknown?]> = [
      ["GET", "/__api__/v1/system/settings"],
      ["PATCH", "/__api__/v1/system/settings", { "EarlyAccess.IdentityFederation": true }],
      ["GET", "/__api__/v1/audit_logs"],
      ["POST", "/__api__/v1/users", { username: `e2e-by-${account.username}`, user_role: "administrator" }],
      ["PATCH", `/__api__/v1/users/${me.guid}`, { user_role: "administrator" }],
      ...(role === "viewer" ? [["GET", "/__api__/v1/users"] as [string, string]] : []),
    ];
    for (const [method, path, data] of refused) {
      const res = await page.request.fetch(path, { method, data, headers: { origin } });
      expect(res.status(), `${method} ${path}`).toBe(403);
      expect((await res.json()).error, `${method} ${path}`).not.toMatch(/cross-origin/i);
    }
    expect((await (await page.request.get("/__api__/v1/user")).json()).user_role).toBe(role);
    if (role === "publisher") {
      // Publishers may look users up, without the administrative fields.
      const res = await page.request.get("/__api__/v1/users");
      expect(res.status()).toBe(200);
      const { results } = await res.json();
      expect(results[0]).not.toHaveProperty("external_id");
    }
    // Their own keys page is theirs to use.
    await page.goto("/keys");
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Create an API key" })).toBeVisible();
    await context.close();
  });
}
