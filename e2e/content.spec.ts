// The Workbench story seen by the administrator: a federated user publishes with
// the key their ID token was exchanged for, and the content shows as theirs.
import { staticBundle } from "../test/support/bundles";
import { test, expect } from "./support/fixtures";
import { withFederatedPublisher } from "./support/federation";

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
