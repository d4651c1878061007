import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as contentList from "@/app/%5F_api__/v1/content/route";
import * as bundles from "@/app/%5F_api__/v1/content/[guid]/bundles/route";
import * as deploy from "@/app/%5F_api__/v1/content/[guid]/deploy/route";
import * as deployments from "@/app/%5F_api__/v1/content/[guid]/deployments/route";
import * as tasks from "@/app/%5F_api__/v1/tasks/[id]/route";
import * as site from "@/app/content/[guid]/[[...path]]/route";
import { bundleLimits, uploadBundle } from "@/lib/content/bundles";
import { call, makeUser, unique } from "../support/fixtures";
import { manifestFor, SITE, staticBundle, storedRows, tarGz } from "./bundle-fixtures";

async function publisherWithContent() {
  const publisher = await makeUser({ role: "publisher" });
  const res = await call(contentList.POST, { method: "POST", key: publisher.key, body: { name: unique("site") } });
  expect(res.status).toBe(201);
  return { ...publisher, guid: res.body.guid as string };
}

const upload = (key: string, guid: string, body: Buffer, headers: Record<string, string> = { "content-type": "application/gzip" }) =>
  call(bundles.POST, { method: "POST", key, params: { guid }, rawBody: new Uint8Array(body), headers });

const startDeploy = (key: string, guid: string, bundleId?: string) =>
  call(deploy.POST, { method: "POST", key, params: { guid }, body: bundleId === undefined ? {} : { bundle_id: bundleId } });

const pollTask = (key: string, id: string, query = "wait=10") =>
  call(tasks.GET, { key, params: { id }, path: `/__api__/v1/tasks/${id}?${query}` });

const get = (key: string | undefined, guid: string, path: string[] = [], extra: { headers?: Record<string, string> } = {}) =>
  call(site.GET, {
    key,
    params: { guid, path },
    path: `/content/${guid}/${path.map(encodeURIComponent).join("/")}`,
    headers: extra.headers,
  });

async function deployed() {
  const owner = await publisherWithContent();
  const up = await upload(owner.key, owner.guid, await staticBundle());
  expect(up.status).toBe(201);
  const started = await startDeploy(owner.key, owner.guid, up.body.id);
  const task = await pollTask(owner.key, started.body.task_id);
  expect(task.body).toMatchObject({ finished: true, code: 0 });
  return { ...owner, bundleId: up.body.id as string };
}

describe("publishing: upload, deploy, serve", () => {
  it("uploads a bundle, deploys it through a task, and serves index.html", async () => {
    const { key, guid } = await publisherWithContent();
    const up = await upload(key, guid, await staticBundle());
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ id: expect.stringMatching(/^\d+$/), content_guid: guid, active: false });
    expect(await storedRows(guid)).toEqual({ bundles: 1, files: 5 });

    const started = await startDeploy(key, guid, up.body.id);
    expect(started.status).toBe(202);
    expect(started.body.task_id).toEqual(expect.any(String));

    const task = await pollTask(key, started.body.task_id);
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({ id: started.body.task_id, finished: true, code: 0, error: "" });
    expect(task.body.output).toContain(`Validating bundle ${up.body.id}…`);
    expect(task.body.output).toContain(`Activated bundle ${up.body.id}`);
    expect(task.body.last).toBe(task.body.output.length);

    // `first` returns only the lines after those already seen.
    const tail = await pollTask(key, started.body.task_id, `first=${task.body.last - 1}`);
    expect(tail.body.output).toEqual([`Activated bundle ${up.body.id}`]);
    expect(tail.body.last).toBe(task.body.last);
    expect((await pollTask(key, started.body.task_id, "first=999")).body.output).toEqual([]);

    const item = await call(contentList.GET, { key });
    expect(item.body[0]).toMatchObject({ guid, bundle_id: up.body.id, app_mode: "static" });
    const list = await call(bundles.GET, { key, params: { guid } });
    expect(list.body).toEqual([expect.objectContaining({ id: up.body.id, active: true })]);

    const page = await get(key, guid);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.body).toContain("Hello from a bundle");
    expect(page.headers.get("content-security-policy")).toMatch(/^sandbox\b/);
    expect(page.headers.get("content-security-policy")).not.toContain("allow-scripts");

    const history = await call(deployments.GET, { key, params: { guid } });
    expect(history.body[0]).toMatchObject({ task_id: started.body.task_id, finished: true, code: 0 });
    const audit = await db.auditEvent.findFirst({ where: { action: "content.deploy", details: { contains: started.body.task_id } } });
    expect(audit?.outcome).toBe("success");
  });

  it("deploys the newest bundle when no bundle_id is given, and switches the served site", async () => {
    const { key, guid, bundleId } = await deployed();
    const next = await upload(key, guid, await staticBundle({ "index.html": "<h1>Version two</h1>" }));
    const started = await startDeploy(key, guid);
    expect((await pollTask(key, started.body.task_id)).body.code).toBe(0);
    expect(next.body.id).not.toBe(bundleId);
    expect((await get(key, guid)).body).toContain("Version two");
  });

  it("serves other files with their content types, and 404 for missing files and traversal", async () => {
    const { key, guid } = await deployed();
    const css = await get(key, guid, ["style.css"]);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
    expect(css.body).toBe(SITE["style.css"]);
    expect((await get(key, guid, ["img", "logo.svg"])).headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect((await get(key, guid, ["missing.html"])).status).toBe(404);
    for (const path of [["..", "manifest.json"], ["docs", "..", "..", "x"], ["a/../../b"], [""], ["."]]) {
      expect((await get(key, guid, path)).status, path.join("/")).toBe(404);
    }
  });

  it("serves a directory at its path with a trailing slash, so relative links resolve", async () => {
    const { key, guid } = await deployed();
    const root = await call(site.GET, { key, params: { guid }, path: `/content/${guid}` });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe(`/content/${guid}/`);
    const rootSlash = await call(site.GET, { key, params: { guid }, path: `/content/${guid}/` });
    expect(rootSlash.status).toBe(200);
    expect(rootSlash.body).toBe(SITE["index.html"]);
    const docs = await get(key, guid, ["docs"]);
    expect(docs.status).toBe(302);
    expect(docs.headers.get("location")).toBe(`/content/${guid}/docs/`);
    const docsSlash = await call(site.GET, { key, params: { guid, path: ["docs"] }, path: `/content/${guid}/docs/` });
    expect(docsSlash.body).toBe("<p>docs</p>");
  });

  it("answers a conditional request with 304", async () => {
    const { key, guid } = await deployed();
    const first = await get(key, guid, ["style.css"]);
    const etag = first.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const again = await get(key, guid, ["style.css"], { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("serves the site to its owner and administrators only", async () => {
    const { key, guid } = await deployed();
    const admin = await makeUser({ role: "administrator" });
    const other = await makeUser({ role: "publisher" });
    const viewer = await makeUser({ role: "viewer" });
    expect((await get(admin.key, guid)).status).toBe(200);
    expect((await get(other.key, guid)).status).toBe(404);
    expect((await get(viewer.key, guid)).status).toBe(404);
    expect((await get(undefined, guid)).status).toBe(401);
    const browser = await get(undefined, guid, [], { headers: { accept: "text/html" } });
    expect(browser.status).toBe(303);
    expect(browser.headers.get("location")).toBe(`/login?callbackUrl=${encodeURIComponent(`/content/${guid}/`)}`);
    expect((await get(key, guid)).status).toBe(200);
  });

  it("answers 404 before the first deploy", async () => {
    const { key, guid } = await publisherWithContent();
    expect((await get(key, guid)).status).toBe(404);
  });

  it("answers 401 to an expired key on the API and the served site", async () => {
    const { key, keyId, guid } = await deployed();
    await db.apiKey.update({ where: { id: keyId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await upload(key, guid, await staticBundle())).status).toBe(401);
    expect((await startDeploy(key, guid)).status).toBe(401);
    expect((await get(key, guid)).status).toBe(401);
  });

  it("lets no other publisher upload, deploy, list bundles or read tasks", async () => {
    const { key, guid, bundleId } = await deployed();
    const other = await makeUser({ role: "publisher" });
    const before = await storedRows(guid);
    expect((await upload(other.key, guid, await staticBundle())).status).toBe(404);
    expect(await storedRows(guid)).toEqual(before);
    expect((await call(bundles.GET, { key: other.key, params: { guid } })).status).toBe(404);
    expect((await startDeploy(other.key, guid, bundleId)).status).toBe(404);
    expect((await call(deployments.GET, { key: other.key, params: { guid } })).status).toBe(404);
    const started = await startDeploy(key, guid, bundleId);
    expect((await pollTask(other.key, started.body.task_id, "wait=0")).status).toBe(404);
    const viewer = await makeUser({ role: "viewer" });
    expect((await upload(viewer.key, guid, await staticBundle())).status).toBe(403);
    const admin = await makeUser({ role: "administrator" });
    expect((await pollTask(admin.key, started.body.task_id)).body.code).toBe(0);
  });

  it("finishes the task with a non-zero code for content it cannot serve", async () => {
    const { key, guid } = await publisherWithContent();
    const files = { "app.py": "print('hi')" };
    const up = await upload(key, guid, await staticBundle(files, { metadata: { appmode: "python-api", entrypoint: "app:app" } }));
    expect(up.status).toBe(201);
    const started = await startDeploy(key, guid, up.body.id);
    const task = await pollTask(key, started.body.task_id);
    expect(task.body).toMatchObject({ finished: true, code: 1, error: expect.stringMatching(/python-api/) });
    expect(task.body.output.at(-1)).toMatch(/^Error: /);
    const item = await call(contentList.GET, { key });
    expect(item.body[0].bundle_id).toBeNull();
  });

  it("answers 404 for a bundle of other content, and 400 with no bundle at all", async () => {
    const a = await deployed();
    const { key, guid } = await publisherWithContent();
    expect((await startDeploy(key, guid)).status).toBe(400);
    expect((await startDeploy(key, guid, a.bundleId)).status).toBe(404);
    expect((await startDeploy(key, guid, "not-a-number")).status).toBe(400);
  });
});

describe("bad bundles: a 4xx and nothing stored", () => {
  async function expectRefused(body: Buffer, status: number, message: RegExp, headers?: Record<string, string>) {
    const { key, guid } = await publisherWithContent();
    const res = await upload(key, guid, body, headers);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatch(message);
    expect(await storedRows(guid)).toEqual({ bundles: 0, files: 0 });
  }

  it("not gzip", async () => {
    await expectRefused(Buffer.from("<html>just a page</html>"), 400, /not a valid gzip/);
  });

  it("gzip but not tar", async () => {
    await expectRefused(gzipSync(Buffer.from("plain text, no tar headers ".repeat(50))), 400, /not a valid tar/);
  });

  it("no manifest", async () => {
    await expectRefused(await tarGz([{ name: "index.html", data: "<h1>hi</h1>" }]), 400, /no manifest\.json/);
  });

  it("manifest that is not JSON, or lacks appmode", async () => {
    await expectRefused(await tarGz([{ name: "manifest.json", data: "{nope" }]), 400, /not valid JSON/);
    await expectRefused(await tarGz([{ name: "manifest.json", data: JSON.stringify({ metadata: {}, files: {} }) }]), 400, /metadata\.appmode/);
  });

  it("checksum mismatch", async () => {
    const manifest = manifestFor({ "index.html": "<h1>original</h1>" });
    const body = await tarGz([
      { name: "manifest.json", data: JSON.stringify(manifest) },
      { name: "index.html", data: "<h1>tampered</h1>" },
    ]);
    await expectRefused(body, 400, /Checksum mismatch for "index\.html"/);
  });

  it("a file the manifest lists but the bundle lacks", async () => {
    const manifest = manifestFor({ "index.html": "<h1>x</h1>", "gone.css": "x" });
    const body = await tarGz([
      { name: "manifest.json", data: JSON.stringify(manifest) },
      { name: "index.html", data: "<h1>x</h1>" },
    ]);
    await expectRefused(body, 400, /gone\.css/);
  });

  it("a ../ path, an absolute path, a symlink, a hard link, a duplicate", async () => {
    await expectRefused(await staticBundle(SITE, {}, [{ name: "../escape.html", data: "x" }]), 400, /unsafe path/);
    await expectRefused(await staticBundle(SITE, {}, [{ name: "docs/../../escape.html", data: "x" }]), 400, /unsafe path/);
    await expectRefused(await staticBundle(SITE, {}, [{ name: "/etc/cron.d/x", data: "x" }]), 400, /unsafe path/);
    await expectRefused(await staticBundle(SITE, {}, [{ name: "link", type: "symlink", linkname: "/etc/passwd" }]), 400, /symlink/);
    await expectRefused(await staticBundle(SITE, {}, [{ name: "hard", type: "link", linkname: "index.html" }]), 400, /regular files/);
    await expectRefused(await staticBundle(SITE, {}, [{ name: "./index.html", data: "again" }]), 400, /more than once/);
  });

  it("a manifest path that escapes the bundle", async () => {
    const manifest = { metadata: { appmode: "static" }, files: { "../x": { checksum: "0".repeat(32) } } };
    await expectRefused(await tarGz([{ name: "manifest.json", data: JSON.stringify(manifest) }]), 400, /unsafe path/);
  });

  it("a multipart form instead of the raw archive", async () => {
    await expectRefused(await staticBundle(), 400, /raw request body/, { "content-type": "multipart/form-data; boundary=x" });
  });

  it("over the size limit: 413 while streaming", async () => {
    const { user, guid } = await publisherWithContent();
    const big = await staticBundle({ ...SITE, "noise.bin": randomBytes(64 * 1024) });
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= big.length) return controller.close();
        controller.enqueue(new Uint8Array(big.subarray(pulled, pulled + 4096)));
        pulled += 4096;
      },
    });
    const limits = bundleLimits(16 * 1024);
    const err = await uploadBundle(user, guid, { body, headers: new Headers() }, "system", limits).catch((e) => e);
    expect(err).toMatchObject({ kind: "payload_too_large", status: 413 });
    expect(pulled).toBeLessThan(big.length);
    expect(await storedRows(guid)).toEqual({ bundles: 0, files: 0 });
  });

  it("over the limit by unpacked size (a gzip bomb): 413", async () => {
    const { user, guid } = await publisherWithContent();
    const bomb = await staticBundle({ ...SITE, "zeros.txt": Buffer.alloc(2 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(16 * 1024);
    const body = new Blob([new Uint8Array(bomb)]).stream();
    const err = await uploadBundle(user, guid, { body, headers: new Headers() }, "system", bundleLimits(16 * 1024)).catch((e) => e);
    expect(err).toMatchObject({ kind: "payload_too_large" });
    expect(await storedRows(guid)).toEqual({ bundles: 0, files: 0 });
  });

  it("a declared Content-Length over the limit: 413 through the API", async () => {
    const { key, guid } = await publisherWithContent();
    const res = await upload(key, guid, await staticBundle(), {
      "content-type": "application/gzip",
      "content-length": String(10 * 1024 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect(await storedRows(guid)).toEqual({ bundles: 0, files: 0 });
  });
});
