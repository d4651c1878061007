// Why federation exists: a Workbench user holds an ID token from the shared
// provider, exchanges it the way rsconnect does, and publishes with the key.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as contentList from "@/app/%5F_api__/v1/content/route";
import * as bundles from "@/app/%5F_api__/v1/content/[guid]/bundles/route";
import * as deploy from "@/app/%5F_api__/v1/content/[guid]/deploy/route";
import * as tasks from "@/app/%5F_api__/v1/tasks/[id]/route";
import * as site from "@/app/content/[guid]/[[...path]]/route";
import { call, makeUser, unique } from "../support/fixtures";
import { exchange, exchangeForm, trustedProviderForFile } from "../support/federation";
import { SITE, staticBundle } from "./bundle-fixtures";

const provider = trustedProviderForFile();

describe("the Workbench story", () => {
  it("ID token → exchange → create content → upload → deploy → served site", async () => {
    const sub = unique("wb");
    const { user } = await makeUser({ role: "publisher", externalId: sub });

    const idToken = await provider.op.getIdToken(sub);
    const exchanged = await exchange(exchangeForm(idToken));
    expect(exchanged.status).toBe(200);
    const key: string = exchanged.body.access_token;

    const created = await call(contentList.POST, { method: "POST", key, body: { name: unique("report"), title: "Quarterly report" } });
    expect(created.status).toBe(201);
    const guid: string = created.body.guid;
    expect(created.body.owner_guid).toBe(user.guid);

    const up = await call(bundles.POST, {
      method: "POST",
      key,
      params: { guid },
      rawBody: new Uint8Array(await staticBundle()),
      headers: { "content-type": "application/gzip" },
    });
    expect(up.status).toBe(201);

    const started = await call(deploy.POST, { method: "POST", key, params: { guid }, body: { bundle_id: up.body.id } });
    expect(started.status).toBe(202);
    const task = await call(tasks.GET, { key, params: { id: started.body.task_id }, path: `/?wait=10` });
    expect(task.body).toMatchObject({ finished: true, code: 0 });

    const served = await call(site.GET, { key, params: { guid, path: [] }, path: `/content/${guid}/` });
    const final =
      served.status >= 300 && served.status < 400
        ? await call(site.GET, { key, params: { guid, path: ["index.html"] }, path: `/content/${guid}/index.html` })
        : served;
    expect(final.status).toBe(200);
    expect(final.headers.get("content-type")).toMatch(/text\/html/);
    expect(final.body).toBe(SITE["index.html"]);

    const row = await db.content.findUniqueOrThrow({ where: { guid } });
    expect(row.ownerId).toBe(user.id);
  });

  it("the federated key stops working once it expires", async () => {
    const sub = unique("wb");
    const { user } = await makeUser({ role: "publisher", externalId: sub });
    const exchanged = await exchange(exchangeForm(await provider.op.getIdToken(sub)));
    const key: string = exchanged.body.access_token;
    await db.apiKey.updateMany({ where: { userId: user.id, integrationId: provider.integration.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await call(contentList.POST, { method: "POST", key, body: { name: unique("late") } });
    expect(res.status).toBe(401);
  });
});
