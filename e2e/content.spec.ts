// The Workbench story seen by the administrator: a federated user publishes with
// the key their ID token was exchanged for, and the content shows as theirs.
import { randomBytes } from "node:crypto";
import { staticBundle } from "../test/support/bundles";
import { appOrigin } from "./support/accounts";
import { test, expect } from "./support/fixtures";
import { withFederatedPublisher } from "./support/federation";
import { screenshotSizes } from "./support/shots";

test("the administrator sees content published by a federated user", async ({ adminPage, request }) => {
  await withFederatedPublisher(adminPage, request, (id) => `e2e content ${id}`, async ({ id, account, key }) => {
    const auth = { authorization: `Key ${key}` };
    const title = `Workbench report ${id}`;
    const content = await request.post("/__api__/v1/content", { headers: auth, data: { name: `report-${id}`, title } });
    expect(content.status(), await content.text()).toBe(201);
    const guid = (await content.json()).guid;
    const bundle = await request.post(`/__api__/v1/content/${guid}/bundles`, {
      headers: { ...auth, "content-type": "application/gzip" },
      data: await staticBundle(),
    });
    expect(bundle.status(), await bundle.text()).toBe(201);
    const deploy = await request.post(`/__api__/v1/content/${guid}/deploy`, { headers: auth, data: { bundle_id: (await bundle.json()).id } });
    expect(deploy.status()).toBe(202);
    const task = await request.get(`/__api__/v1/tasks/${(await deploy.json()).task_id}?wait=10`, { headers: auth });
    expect(await task.json()).toMatchObject({ finished: true, code: 0 });

    await adminPage.goto("/content");
    const row = adminPage.getByRole("row").filter({ hasText: title });
    await expect(row).toBeVisible();
    await expect(row).toContainText(account.username);
  });
});

test("the Content page shows 25 items at a time, newest first, and an item's link opens the page that holds it", async ({
  adminPage: page,
}) => {
  const id = randomBytes(4).toString("hex");
  const origin = appOrigin();
  const made: { guid: string; name: string }[] = [];
  for (let i = 0; i < 26; i++) {
    const res = await page.request.post("/__api__/v1/content", {
      data: { name: `paging-${id}-${String(i).padStart(2, "0")}` },
      headers: { origin },
    });
    expect(res.status(), await res.text()).toBe(201);
    made.push(await res.json());
  }
  try {
    await page.goto("/content");
    const pages = page.getByRole("navigation", { name: "Content pages" });
    const rows = page.getByRole("table", { name: "Content items" }).locator("tbody tr:not(.hidden)");
    await expect(rows).toHaveCount(25);
    await expect(rows.first()).toContainText(made[25].name);
    await expect(pages).toContainText(/Page 1 of \d+/);
    await pages.getByRole("button", { name: "Next page" }).click();
    await expect(pages).toContainText(/Page 2 of \d+/);
    await expect(rows.first()).toContainText(made[0].name);

    // dashboard_url (/apps/{guid}) leads to ?guid=: the page with the item, the item marked.
    await page.goto(`/content?guid=${made[0].guid}`);
    await expect(pages).toContainText(/Page 2 of \d+/);
    await expect(page.locator(`#content-${made[0].guid}`)).toHaveClass(/bg-blue-50/);
    await screenshotSizes(page, "content-paging");
  } finally {
    for (const { guid } of made) await page.request.delete(`/__api__/v1/content/${guid}`, { headers: { origin } });
  }
});
