// System pages are for administrators; everyone else gets the 403 message, never the content.
import { randomBytes } from "node:crypto";
import { test, expect } from "./support/fixtures";
import { createUserAsAdmin, signInWithPassword } from "./support/accounts";
import { expectNoSeriousA11yViolations } from "./support/axe";

for (const role of ["publisher", "viewer"] as const) {
  test(`a ${role} sees no System section and is refused its pages`, async ({ adminPage, browser }) => {
    const account = { username: `e2e-${role}-${randomBytes(4).toString("hex")}`, password: "a long enough password" };
    await createUserAsAdmin(adminPage, { ...account, user_role: role });

    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithPassword(page, account);
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
    await context.close();
  });
}
