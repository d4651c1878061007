// Connect's legacy content API, replayed call by call as rsconnect for R 0.8.29
// (Debian's r-cran-rsconnect) makes it: the paths, queries and bodies it sends
// and the fields it reads (R/client-connect.R, R/deployApp.R, R/applications.R).
// Legacy and v1 are two views of the same rows.
import { describe, expect, it } from "vitest";
import * as serverSettings from "@/app/%5F_api__/server_settings/route";
import * as usersCurrent from "@/app/%5F_api__/users/current/route";
import * as applications from "@/app/%5F_api__/applications/route";
import * as application from "@/app/%5F_api__/applications/[id]/route";
import * as appUpload from "@/app/%5F_api__/applications/[id]/upload/route";
import * as appDeploy from "@/app/%5F_api__/applications/[id]/deploy/route";
import * as appConfig from "@/app/%5F_api__/applications/[id]/config/route";
import * as legacyTasks from "@/app/%5F_api__/tasks/[id]/route";
import * as contentList from "@/app/%5F_api__/v1/content/route";
import * as contentItem from "@/app/%5F_api__/v1/content/[guid]/route";
import * as bundles from "@/app/%5F_api__/v1/content/[guid]/bundles/route";
import * as deploy from "@/app/%5F_api__/v1/content/[guid]/deploy/route";
import * as tasks from "@/app/%5F_api__/v1/tasks/[id]/route";
import * as site from "@/app/content/[guid]/[[...path]]/route";
import { call, makeUser, unique, BASE } from "../support/fixtures";
import { SITE, staticBundle } from "./bundle-fixtures";

type Key = string;

/** rsconnect's listRequest: `query&count=100&offset=N`, pages until `total`, adding each page's `count`. */
async function listApplications(key: Key, filters: string[]) {
  const out: { id: number; name: string }[] = [];
  let offset = 0;
  for (let page = 0; page < 100; page++) {
    const query = `${filters.map((f) => `filter=${encodeURIComponent(f)}`).join("&")}&count=100&offset=${offset}`;
    const res = await call(applications.GET, { key, path: `/__api__/applications?${query}` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    out.push(...res.body.applications);
    offset += res.body.count;
    if (out.length >= res.body.total) return out;
  }
  throw new Error("listRequest did not finish");
}

/** rsconnect's waitForTask: `?first_status=N`, prints `status`, continues from `last_status` until `finished`. */
async function waitForTask(key: Key, id: string) {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < 100; i++) {
    const res = await call(legacyTasks.GET, { key, params: { id }, path: `/__api__/tasks/${id}?first_status=${start}` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (res.body.status.length > 0) {
      lines.push(...res.body.status);
      start = res.body.last_status;
    }
    if (res.body.finished) return { ...res.body, lines };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("task did not finish");
}

const uploadLegacy = async (key: Key, appId: number | string, body: Buffer) =>
  call(appUpload.POST, {
    method: "POST",
    key,
    params: { id: String(appId) },
    rawBody: new Uint8Array(body),
    headers: { "content-type": "application/x-gzip" },
  });

const fetchSite = (key: Key, guid: string, path: string[] = []) =>
  call(site.GET, { key, params: { guid, path }, path: `/content/${guid}/${path.join("/")}` });

/** deployApp() against a registered account, as 0.8.29 runs it: find or create, upload, deploy, wait, config. */
async function deployApp(key: Key, accountId: number, appName: string, bundle: Buffer, appId?: number) {
  let app;
  if (appId === undefined) {
    const found = await listApplications(key, [`account_id:${accountId}`, `name:${appName}`]);
    app = found[0];
    if (!app) {
      const created = await call(applications.POST, { method: "POST", key, body: { name: appName, title: `Title of ${appName}` } });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      app = created.body;
    }
  } else {
    const got = await call(application.GET, { key, params: { id: String(appId) } });
    expect(got.status).toBe(200);
    app = got.body;
  }
  const uploaded = await uploadLegacy(key, app.id, bundle);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
  // `json$bundle <- as.numeric(bundleId)`, sent with auto_unbox.
  const started = await call(appDeploy.POST, { method: "POST", key, params: { id: String(app.id) }, body: { bundle: uploaded.body.id } });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const taskId = started.body.task_id ?? started.body.id;
  const task = await waitForTask(key, taskId);
  const config = await call(appConfig.GET, { key, params: { id: String(app.id) } });
  expect(config.status).toBe(200);
  return { app, bundle: uploaded.body, task, config: config.body };
}

describe("legacy applications API, as rsconnect for R 0.8 uses it", () => {
  it("connectApiUser, then first deploy and re-deploy of a static site", async () => {
    expect((await call(serverSettings.GET)).status).toBe(200);
    const publisher = await makeUser({ role: "publisher" });
    const me = await call(usersCurrent.GET, { key: publisher.key });
    expect(me.body.id).toBe(publisher.user.id); // saved as the account's accountId
    const name = unique("site").replace("-", "_");

    const first = await deployApp(publisher.key, me.body.id, name, await staticBundle());
    expect(first.app).toMatchObject({
      id: expect.any(Number),
      guid: expect.any(String),
      name,
      title: `Title of ${name}`,
      url: `${BASE}/content/${first.app.guid}/`,
      owner_username: publisher.user.username,
    });
    expect(first.bundle.id).toEqual(expect.any(Number));
    expect(first.task).toMatchObject({ finished: true, code: 0, error: "" });
    expect(first.task.lines).toContain(`Activated bundle ${first.bundle.id}`);
    expect(first.config).toEqual({
      config_url: `${BASE}/apps/${first.app.guid}`,
      logs_url: `${BASE}/apps/${first.app.guid}`,
      app_url: `${BASE}/content/${first.app.guid}/`,
    });
    expect((await fetchSite(publisher.key, first.app.guid)).body).toBe(SITE["index.html"]);

    // Re-deploy with the appId from the deployment record: GET /applications/{id}, no new item.
    const second = await deployApp(publisher.key, me.body.id, name, await staticBundle({ "index.html": "<h1>v2</h1>" }), first.app.id);
    expect(second.app.id).toBe(first.app.id);
    expect(second.bundle.id).toBeGreaterThan(first.bundle.id);
    expect((await fetchSite(publisher.key, first.app.guid)).body).toBe("<h1>v2</h1>");

    // Re-deploy without a record finds the item by name and account: still one item.
    await deployApp(publisher.key, me.body.id, name, await staticBundle({ "index.html": "<h1>v3</h1>" }));
    expect(await listApplications(publisher.key, [`account_id:${me.body.id}`, `name:${name}`])).toHaveLength(1);
    expect((await fetchSite(publisher.key, first.app.guid)).body).toBe("<h1>v3</h1>");
  });

  it("applies the account_id and name filters, and pages with count, offset and cont", async () => {
    const a = await makeUser({ role: "publisher" });
    const b = await makeUser({ role: "publisher" });
    const admin = await makeUser({ role: "administrator" });
    const shared = unique("same");
    for (const owner of [a, b]) {
      for (const name of [shared, unique("other"), unique("third")]) {
        expect((await call(applications.POST, { method: "POST", key: owner.key, body: { name } })).status).toBe(200);
      }
    }
    const names = (apps: { name: string }[]) => apps.map((x) => x.name);

    expect(await listApplications(a.key, [`account_id:${a.user.id}`])).toHaveLength(3);
    expect(names(await listApplications(a.key, [`account_id:${a.user.id}`, `name:${shared}`]))).toEqual([shared]);
    // Another publisher's account is filtered, not revealed.
    expect(await listApplications(a.key, [`account_id:${b.user.id}`])).toEqual([]);
    const adminView = await listApplications(admin.key, [`account_id:${b.user.id}`, `name:${shared}`]);
    expect(adminView.map((x) => (x as unknown as { owner_id: number }).owner_id)).toEqual([b.user.id]);
    // rsconnect's operator form `field:op:value`.
    expect(names(await listApplications(a.key, [`name:eq:${shared}`]))).toEqual([shared]);

    const page1 = await call(applications.GET, { key: a.key, path: `/__api__/applications?filter=account_id:${a.user.id}&count=2` });
    expect(page1.body).toMatchObject({ count: 2, total: 3, continuation: "2" });
    const page2 = await call(applications.GET, {
      key: a.key,
      path: `/__api__/applications?filter=account_id:${a.user.id}&count=2&cont=${page1.body.continuation}`,
    });
    expect(page2.body).toMatchObject({ count: 1, total: 3, continuation: null });
    const start = await call(applications.GET, { key: a.key, path: `/__api__/applications?filter=account_id:${a.user.id}&count=2&start=2` });
    expect(start.body.applications).toEqual(page2.body.applications);
    expect(new Set([...names(page1.body.applications), ...names(page2.body.applications)]).size).toBe(3);
  });

  it("refuses filters and queries it cannot honour with a clear 400", async () => {
    const { key } = await makeUser({ role: "publisher" });
    for (const query of ["filter=color:blue", "filter=nocolon", "filter=account_id:abc", "count=0", "count=x", "offset=-1"]) {
      const res = await call(applications.GET, { key, path: `/__api__/applications?${query}` });
      expect(res.status, query).toBe(400);
      expect(res.body).toMatchObject({ code: 3, error: expect.any(String) });
    }
  });

  it("deploys without a bundle id (rsconnect writes it as []) the newest bundle", async () => {
    const { key } = await makeUser({ role: "publisher" });
    const app = (await call(applications.POST, { method: "POST", key, body: { name: unique("newest") } })).body;
    await uploadLegacy(key, app.id, await staticBundle({ "index.html": "newest" }));
    const started = await call(appDeploy.POST, { method: "POST", key, params: { id: String(app.id) }, body: { bundle: [] } });
    expect(started.status).toBe(200);
    expect((await waitForTask(key, started.body.task_id)).code).toBe(0);
    expect((await fetchSite(key, app.guid)).body).toBe("newest");
    const bad = await call(appDeploy.POST, { method: "POST", key, params: { id: String(app.id) }, body: { bundle: "x1" } });
    expect(bad.status).toBe(400);
  });
});

describe("one item, two APIs", () => {
  it("created through the legacy API, redeployed through v1, and the reverse", async () => {
    const { key, user } = await makeUser({ role: "publisher" });
    const legacy = (await call(applications.POST, { method: "POST", key, body: { name: unique("legacy") } })).body;
    const v1 = await call(contentItem.GET, { key, params: { guid: legacy.guid } });
    expect(v1.body).toMatchObject({ guid: legacy.guid, id: String(legacy.id), name: legacy.name });
    // v1 routes accept the numeric id too, and it is the same row.
    expect((await call(contentItem.GET, { key, params: { guid: String(legacy.id) } })).body.guid).toBe(legacy.guid);

    const up = await call(bundles.POST, {
      method: "POST",
      key,
      params: { guid: legacy.guid },
      rawBody: new Uint8Array(await staticBundle({ "index.html": "via v1" })),
      headers: { "content-type": "application/gzip" },
    });
    const started = await call(deploy.POST, { method: "POST", key, params: { guid: legacy.guid }, body: { bundle_id: up.body.id } });
    const task = await call(tasks.GET, { key, params: { id: started.body.task_id }, path: `/__api__/v1/tasks/x?wait=10` });
    expect(task.body).toMatchObject({ finished: true, code: 0 });
    const after = await call(application.GET, { key, params: { id: String(legacy.id) } });
    expect(after.body).toMatchObject({ id: legacy.id, bundle_id: Number(up.body.id), app_mode: "static" });

    const created = await call(contentList.POST, { method: "POST", key, body: { name: unique("v1item") } });
    const byGuid = await call(application.GET, { key, params: { id: created.body.guid } });
    expect(byGuid.body).toMatchObject({ id: Number(created.body.id), guid: created.body.guid, owner_id: user.id });
    const legacyDeploy = await deployApp(key, user.id, created.body.name, await staticBundle({ "index.html": "via legacy" }));
    expect(legacyDeploy.app.guid).toBe(created.body.guid);
    expect((await fetchSite(key, created.body.guid)).body).toBe("via legacy");
  });

  it("answers another publisher 404 on both APIs, by id and by GUID", async () => {
    const owner = await makeUser({ role: "publisher" });
    const other = await makeUser({ role: "publisher" });
    const app = (await call(applications.POST, { method: "POST", key: owner.key, body: { name: unique("private") } })).body;
    for (const id of [String(app.id), app.guid]) {
      expect((await call(application.GET, { key: other.key, params: { id } })).status).toBe(404);
      expect((await call(appConfig.GET, { key: other.key, params: { id } })).status).toBe(404);
      expect((await uploadLegacy(other.key, id, await staticBundle())).status).toBe(404);
      expect((await call(appDeploy.POST, { method: "POST", key: other.key, params: { id }, body: { bundle: 1 } })).status).toBe(404);
      expect((await call(contentItem.GET, { key: other.key, params: { guid: id } })).status).toBe(404);
    }
    const viewer = await makeUser({ role: "viewer" });
    expect((await call(applications.POST, { method: "POST", key: viewer.key, body: { name: unique("nope") } })).status).toBe(403);
  });
});
