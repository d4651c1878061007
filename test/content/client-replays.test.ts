// The publish flows of Posit's current clients, replayed call by call from their
// source: the exact paths, queries and bodies each sends, and the fields each
// reads. rsconnect for R 0.8 (the legacy API) is in legacy-api.test.ts, and the
// real R client runs in e2e/rsconnect-r.spec.ts.
//   rsconnect (R) main: R/client-connect.R, R/deploymentTarget.R, R/deployApp.R
//   rsconnect-python: rsconnect/api.py (RSConnectClient, RSConnectExecutor)
//   posit-sdk-py: src/posit/connect/{content,bundles,tasks}.py
//   connectapi: R/connect.R, R/deploy.R, R/content.R
import { describe, expect, it } from "vitest";
import * as ping from "@/app/%5F_ping__/route";
import * as serverSettings from "@/app/%5F_api__/server_settings/route";
import * as usersCurrent from "@/app/%5F_api__/users/current/route";
import * as v1User from "@/app/%5F_api__/v1/user/route";
import * as applications from "@/app/%5F_api__/applications/route";
import * as application from "@/app/%5F_api__/applications/[id]/route";
import * as contentList from "@/app/%5F_api__/v1/content/route";
import * as contentItem from "@/app/%5F_api__/v1/content/[guid]/route";
import * as bundles from "@/app/%5F_api__/v1/content/[guid]/bundles/route";
import * as deploy from "@/app/%5F_api__/v1/content/[guid]/deploy/route";
import * as tasks from "@/app/%5F_api__/v1/tasks/[id]/route";
import * as site from "@/app/content/[guid]/[[...path]]/route";
import * as dashboard from "@/app/apps/[guid]/[[...rest]]/route";
import { CONNECT_COMPATIBLE_VERSION } from "@/lib/version";
import { call, makeUser, unique, BASE } from "../support/fixtures";
import { staticBundle } from "./bundle-fixtures";

/** Semantic-version comparison as rsconnect-python's compare_semvers and R's compareVersion do it. */
const compare = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

/** A streamed body of unknown length (Transfer-Encoding: chunked), as http.client sends a file object. */
const chunked = (data: Buffer) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < data.length; i += 1000) controller.enqueue(new Uint8Array(data.subarray(i, i + 1000)));
      controller.close();
    },
  });

/** Polls v1 tasks the way each client does; `first` undefined means the client never sends it (posit-sdk). */
async function pollV1Task(key: string, id: string, mode: "first" | "no-first" | "python") {
  const lines: string[] = [];
  let first: number | undefined = mode === "python" ? undefined : 0;
  for (let i = 0; i < 50; i++) {
    const query = mode === "no-first" || first === undefined ? "wait=1" : `first=${first}&wait=1`;
    const res = await call(tasks.GET, { key, params: { id }, path: `/__api__/v1/tasks/${id}?${query}` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, finished: expect.any(Boolean), code: expect.any(Number), error: expect.any(String) });
    if (mode === "no-first") lines.splice(0, lines.length, ...res.body.output);
    else lines.push(...res.body.output);
    if (mode !== "no-first") first = res.body.last;
    if (res.body.finished) return { ...res.body, lines };
  }
  throw new Error("task did not finish");
}

describe("server_settings and ping", () => {
  it("reports a Connect version inside every client's gates, to anonymous callers", async () => {
    // rsconnect (R) sends no credentials here, only X-Auth-Token: anonymous-access.
    const res = await call(serverSettings.GET, { headers: { "x-auth-token": "anonymous-access" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const version: string = res.body.version;
    expect(version).toBe(CONNECT_COMPATIBLE_VERSION);
    expect(version).toMatch(/^\d{4}\.\d{2}\.\d+$/);
    expect(compare(version, "2025.06.0")).toBeGreaterThanOrEqual(0); // rsconnect-python: draft deploys, implemented
    expect(compare(version, "2025.11.0")).toBeLessThanOrEqual(0); // rsconnect-python: multipart uploads, not taken
    expect(compare(version, "1.8.8.2")).toBeGreaterThan(0); // connectapi: no "untested version" warning
    const ponged = await call(ping.GET);
    expect(ponged.status).toBe(200); // connectapi stops only on 402
  });
});

describe("rsconnect (R) 1.8+: v1 publishing, legacy lookups", () => {
  it("first deploy finds nothing by name, creates through v1; re-deploy looks the record's id up", async () => {
    const { key } = await makeUser({ role: "publisher" });
    const me = (await call(usersCurrent.GET, { key })).body;
    expect(me).toMatchObject({ id: expect.any(Number), username: expect.any(String) });
    const name = unique("rsc");

    // getAppByName: count=100&start=0&cont= (empty), then start += count, cont <- continuation.
    const found = await call(applications.GET, {
      key,
      path: `/__api__/applications?filter=account_id:${me.id}&filter=name:${name}&count=100&start=0&cont=`,
    });
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ applications: [], count: 0, total: 0, continuation: null });

    const created = await call(contentList.POST, { method: "POST", key, body: { name, title: "From R" } });
    expect(created.status).toBe(201);
    const app = { id: created.body.id, guid: created.body.guid, url: created.body.content_url, dashboard_url: created.body.dashboard_url };
    expect(app.url).toBe(`${BASE}/content/${app.guid}/`);
    // openURL() shows `{dashboard_url}/access` after a deploy (`/logs` after a failure): both lead to the item.
    expect(app.dashboard_url).toBe(`${BASE}/apps/${app.guid}`);
    for (const rest of [[], ["access"], ["logs"]]) {
      const opened = await call(dashboard.GET, { params: { guid: app.guid, rest }, path: `/apps/${app.guid}/${rest.join("/")}` });
      expect(opened.status).toBe(307);
      expect(opened.headers.get("location")).toBe(`/content?guid=${app.guid}`);
    }

    const deployOnce = async (guid: string, html: string) => {
      const up = await call(bundles.POST, {
        method: "POST",
        key,
        params: { guid },
        rawBody: new Uint8Array(await staticBundle({ "index.html": html })),
        headers: { "content-type": "application/x-gzip" },
      });
      expect(up.status).toBe(201);
      // bundle_id exactly as the upload returned it (a string).
      const started = await call(deploy.POST, { method: "POST", key, params: { guid }, body: { bundle_id: up.body.id } });
      expect(started.status).toBe(202);
      return pollV1Task(key, started.body.task_id ?? started.body.id, "first");
    };
    expect((await deployOnce(app.guid, "first")).code).toBe(0);

    // Re-deploy: the record holds appId (the v1 id, a numeric string); GET /applications/{appId} must give the guid.
    const again = await call(application.GET, { key, params: { id: String(app.id) } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ guid: app.guid, url: app.url, id: Number(app.id), name, title: "From R" });
    expect(again.body.owner_username).toEqual(expect.any(String));
    expect((await deployOnce(again.body.guid, "second")).code).toBe(0);
    const served = await call(site.GET, { key, params: { guid: app.guid }, path: `/content/${app.guid}/` });
    expect(served.body).toBe("second");

    // And a later first deploy of the same name finds it, with the fields createDeploymentFromApplication reads.
    const listed = await call(applications.GET, {
      key,
      path: `/__api__/applications?filter=account_id:${me.id}&filter=name:${name}&count=100&start=0&cont=`,
    });
    expect(listed.body.total).toBe(1);
    expect(listed.body.applications[0]).toMatchObject({ name, id: Number(app.id), url: app.url, title: "From R" });
  });
});

describe("rsconnect-python: deploy html", () => {
  it("draft deploy, verify the draft, activate, verify the site; redeploy by guid and by numeric app id", async () => {
    const { key, user } = await makeUser({ role: "publisher" });
    const version = (await call(serverSettings.GET, { key })).body.version;
    expect(compare(version, "2025.06.0") >= 0).toBe(true); // supports_verify_before_activate
    expect((await call(v1User.GET, { key })).body.username).toBe(user.username);
    const name = unique("py").replace("-", "_");
    expect((await call(contentList.GET, { key, path: `/__api__/v1/content?name=${name}` })).body).toEqual([]);

    const created = await call(contentList.POST, { method: "POST", key, body: { name } });
    expect(created.status).toBe(201);
    const app = created.body;
    for (const field of ["guid", "id", "title", "content_url", "dashboard_url"]) expect(app).toHaveProperty(field);
    const patched = await call(contentItem.PATCH, { method: "PATCH", key, params: { guid: app.guid }, body: { title: "My Site" } });
    expect(patched.status).toBe(200);
    expect(patched.body.title).toBe("My Site");

    const deployHtml = async (guid: string, html: string) => {
      // No Content-Type, chunked.
      const up = await call(bundles.POST, { method: "POST", key, params: { guid }, rawBody: chunked(await staticBundle({ "index.html": html })) });
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      const draft = await call(deploy.POST, { method: "POST", key, params: { guid }, body: { bundle_id: up.body.id, activate: false } });
      expect(draft.status).toBe(202);
      const drafted = await pollV1Task(key, draft.body.task_id, "python");
      expect(drafted.code).toBe(0);
      const preview = await call(site.GET, { key, params: { guid, path: [`_bundle${up.body.id}`] }, path: `/content/${guid}/_bundle${up.body.id}/` });
      expect(preview.status).toBe(200);
      expect(preview.body).toBe(html);
      const activated = await call(deploy.POST, { method: "POST", key, params: { guid }, body: { bundle_id: up.body.id } });
      expect((await pollV1Task(key, activated.body.task_id, "python")).code).toBe(0);
      const live = await call(site.GET, { key, params: { guid }, path: `/content/${guid}/` });
      expect(live.status).toBe(200);
      return live.body;
    };
    expect(await deployHtml(app.guid, "<p>one</p>")).toBe("<p>one</p>");

    // Redeploy from the app store's guid; then with a numeric --app-id, via GET /applications/{id}.
    const byGuid = await call(contentItem.GET, { key, params: { guid: app.guid } });
    expect(byGuid.body).toMatchObject({ guid: app.guid, id: app.id, content_url: app.content_url });
    expect(await deployHtml(app.guid, "<p>two</p>")).toBe("<p>two</p>");
    const legacy = await call(application.GET, { key, params: { id: String(app.id) } });
    expect(legacy.body.guid).toBe(app.guid);
    expect(await deployHtml(legacy.body.guid, "<p>three</p>")).toBe("<p>three</p>");
  });

  it("a draft deploy leaves the live site alone, and a draft of another item's bundle is not served", async () => {
    const { key } = await makeUser({ role: "publisher" });
    const mk = async () => (await call(contentList.POST, { method: "POST", key, body: { name: unique("draft") } })).body.guid as string;
    const [guid, otherGuid] = [await mk(), await mk()];
    const upload = async (g: string, html: string) =>
      (
        await call(bundles.POST, {
          method: "POST",
          key,
          params: { guid: g },
          rawBody: new Uint8Array(await staticBundle({ "index.html": html })),
        })
      ).body.id as string;
    const live = await upload(guid, "live");
    await pollV1Task(key, (await call(deploy.POST, { method: "POST", key, params: { guid }, body: { bundle_id: live } })).body.task_id, "first");
    const draft = await upload(guid, "draft");
    const task = await call(deploy.POST, { method: "POST", key, params: { guid }, body: { bundle_id: draft, activate: false } });
    const done = await pollV1Task(key, task.body.task_id, "first");
    expect(done.lines.at(-1)).toContain("draft");
    expect((await call(site.GET, { key, params: { guid }, path: `/content/${guid}/` })).body).toBe("live");
    expect((await call(contentItem.GET, { key, params: { guid } })).body.bundle_id).toBe(live);
    const foreign = await upload(otherGuid, "foreign");
    const cross = await call(site.GET, { key, params: { guid, path: [`_bundle${foreign}`] }, path: `/content/${guid}/_bundle${foreign}/` });
    expect(cross.status).toBe(404);
    const bare = await call(site.GET, { key, params: { guid, path: [`_bundle${draft}`] }, path: `/content/${guid}/_bundle${draft}` });
    expect(bare.status).toBe(302);
    expect(bare.headers.get("location")).toBe(`/content/${guid}/_bundle${draft}/`);
  });
});

describe("posit-sdk", () => {
  it("content.create → bundles.create → bundle.deploy → task.wait_for, never sending first", async () => {
    const { key } = await makeUser({ role: "publisher" });
    const item = await call(contentList.POST, { method: "POST", key, body: { name: unique("sdk"), title: "SDK" } });
    expect(item.body.guid).toEqual(expect.any(String));
    // requests with data=bytes: a Content-Length, no Content-Type.
    const bundle = await call(bundles.POST, { method: "POST", key, params: { guid: item.body.guid }, rawBody: new Uint8Array(await staticBundle()) });
    expect(bundle.status).toBe(201);
    expect(bundle.body).toMatchObject({ id: expect.any(String), content_guid: item.body.guid });
    const started = await call(deploy.POST, {
      method: "POST",
      key,
      params: { guid: bundle.body.content_guid },
      body: { bundle_id: bundle.body.id },
    });
    const task = await pollV1Task(key, started.body.task_id, "no-first");
    expect(task).toMatchObject({ finished: true, code: 0 });
    // content.deploy(): {"bundle_id": null} deploys the newest bundle.
    const latest = await call(deploy.POST, { method: "POST", key, params: { guid: item.body.guid }, body: { bundle_id: null } });
    expect((await pollV1Task(key, latest.body.task_id, "no-first")).code).toBe(0);
    // hooks.handle_errors reads data["code"] and data["error"] with no default.
    const missing = await call(contentItem.GET, { key, params: { guid: "00000000-0000-0000-0000-000000000000" } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: expect.any(Number), error: expect.any(String), payload: expect.anything() });
  });
});

describe("connectapi", () => {
  it("connect() → content_ensure by name → upload → deploy with a string bundle id → poll_task", async () => {
    const { key } = await makeUser({ role: "publisher" });
    expect((await call(ping.GET)).status).not.toBe(402);
    expect((await call(serverSettings.GET, { key })).body.version).toBe(CONNECT_COMPATIBLE_VERSION);
    const name = unique("capi");
    expect((await call(contentList.GET, { key, path: `/__api__/v1/content?name=${name}` })).body).toHaveLength(0);
    const created = await call(contentList.POST, { method: "POST", key, body: { name, title: name } });
    const guid = created.body.guid;
    const up = await call(bundles.POST, {
      method: "POST",
      key,
      params: { guid },
      rawBody: new Uint8Array(await staticBundle()),
      headers: { "content-type": "application/gzip" },
    });
    const pre = await call(contentItem.GET, { key, params: { guid }, path: `/__api__/v1/content/${guid}?include=tags,owner` });
    expect(pre.body.owner).toMatchObject({ guid: expect.any(String), username: expect.any(String) });
    const started = await call(deploy.POST, { method: "POST", key, params: { guid }, body: { bundle_id: String(up.body.id) } });
    expect((await pollV1Task(key, started.body.task_id, "first")).code).toBe(0);
    // A second run finds exactly one item by name and reuses it.
    expect((await call(contentList.GET, { key, path: `/__api__/v1/content?name=${name}` })).body).toHaveLength(1);
  });
});
