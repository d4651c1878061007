// Bundles built to hurt the server (SPEC §8): aliases of one big file, gzip bombs,
// uploads that hog the database or memory, and too many at once. Each is a clear
// 4xx or a bounded cost, and the rest of the server keeps answering meanwhile.
import { randomBytes } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import * as contentList from "@/app/%5F_api__/v1/content/route";
import * as bundles from "@/app/%5F_api__/v1/content/[guid]/bundles/route";
import * as deploy from "@/app/%5F_api__/v1/content/[guid]/deploy/route";
import * as tasks from "@/app/%5F_api__/v1/tasks/[id]/route";
import * as v1User from "@/app/%5F_api__/v1/user/route";
import { bundleLimits, uploadBundle } from "@/lib/content/bundles";
import { call, makeUser, unique } from "../support/fixtures";
import { manifestFor, md5, SITE, staticBundle, storedRows, tarGz } from "./bundle-fixtures";

async function publisherWithContent() {
  const publisher = await makeUser({ role: "publisher" });
  const res = await call(contentList.POST, { method: "POST", key: publisher.key, body: { name: unique("hostile") } });
  return { ...publisher, guid: res.body.guid as string };
}

const upload = (key: string, guid: string, body: BodyInit) =>
  call(bundles.POST, { method: "POST", key, params: { guid }, rawBody: body, headers: { "content-type": "application/gzip" } });

/** A body the test feeds by hand, to hold an upload open. */
function heldBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return { stream, push: (b: Uint8Array) => controller.enqueue(b), end: () => controller.close() };
}

/** The slowest event-loop turn while `work` runs, in ms. */
async function maxLoopDelay(work: () => Promise<unknown>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  try {
    await work();
  } finally {
    h.disable();
  }
  return h.max / 1e6;
}

describe("hostile bundles", () => {
  it("a manifest listing one file under equivalent paths is a 400, not a re-hash per alias", async () => {
    const { key, guid } = await publisherWithContent();
    const big = randomBytes(4 * 1024 * 1024);
    const aliases = Array.from({ length: 150 }, (_, i) => `${"./".repeat(i)}x`);
    const manifest = { version: 1, metadata: { appmode: "static", primary_html: "index.html" }, files: {} as Record<string, unknown> };
    for (const alias of ["index.html", ...aliases]) manifest.files[alias] = { checksum: md5(alias === "index.html" ? "hi" : big) };
    const bundle = await tarGz([
      { name: "manifest.json", data: JSON.stringify(manifest) },
      { name: "index.html", data: "hi" },
      { name: "x", data: big },
    ]);
    const res = await upload(key, guid, new Uint8Array(bundle));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/lists "x" more than once/);
    expect(await storedRows(guid)).toEqual({ bundles: 0, files: 0 });
  });

  it("upload and deploy of a large bundle never hold the event loop long, and other requests are answered meanwhile", async () => {
    const { key, guid } = await publisherWithContent();
    const files = { ...SITE, "data.bin": randomBytes(24 * 1024 * 1024) };
    const bundle = new Uint8Array(await staticBundle(files));
    const held = heldBody();
    const others: number[] = [];
    const delay = await maxLoopDelay(async () => {
      const uploading = upload(key, guid, held.stream);
      for (let i = 0; i < bundle.length; i += 256 * 1024) {
        held.push(bundle.subarray(i, i + 256 * 1024));
        if (i % (4 * 1024 * 1024) === 0) {
          const t = performance.now();
          expect((await call(v1User.GET, { key })).status).toBe(200);
          others.push(performance.now() - t);
        }
      }
      held.end();
      const up = await uploading;
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      const started = await call(deploy.POST, { method: "POST", key, params: { guid }, body: { bundle_id: up.body.id } });
      const task = await call(tasks.GET, { key, params: { id: started.body.task_id }, path: "/x?wait=10" });
      expect(task.body).toMatchObject({ finished: true, code: 0 });
    });
    // Generous bounds for a loaded 2-core machine; before, one upload held every query for seconds.
    expect(delay).toBeLessThan(200);
    expect(Math.max(...others)).toBeLessThan(500);
  });

  it("a gzip bomb stops at its tar header, before anything is unpacked, four at once, with bounded memory", async () => {
    const { guid } = await publisherWithContent();
    // 256 MiB of zeros in a fraction of a MiB: the header declares more than the unpacked limit.
    const bomb = await tarGz([{ name: "manifest.json", data: JSON.stringify(manifestFor({})) }, { name: "bomb.bin", data: Buffer.alloc(256 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const started = performance.now();
    const limits = bundleLimits(8 * 1024 * 1024);
    const results = await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const { user, guid: g } = await publisherWithContent();
        return uploadBundle(user, g, { body: new Blob([new Uint8Array(bomb)]).stream(), headers: new Headers() }, "system", limits).catch((e) => e);
      }),
    );
    clearInterval(sampler);
    for (const err of results) expect(err).toMatchObject({ kind: "payload_too_large", message: expect.stringMatching(/bomb\.bin/) });
    expect(performance.now() - started).toBeLessThan(5000);
    // Four bombs: each holds at most its 8 MiB file limit; allow for the test's own buffers.
    expect((peak - before) / 2 ** 20).toBeLessThan(4 * 8 + 64);
    expect(await storedRows(guid)).toEqual({ bundles: 0, files: 0 });
  });

  it("a third upload at once from one user gets 429 with Retry-After, and a slot frees when one ends", async () => {
    const { key, guid } = await publisherWithContent();
    const bundle = new Uint8Array(await staticBundle());
    const held = [heldBody(), heldBody()];
    const running = held.map((h) => upload(key, guid, h.stream));
    await new Promise((r) => setTimeout(r, 100));
    const third = await upload(key, guid, bundle);
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("5");
    expect(third.body.payload.reason).toBe("too_many_uploads");
    for (const h of held) {
      h.push(bundle);
      h.end();
    }
    expect((await Promise.all(running)).map((r) => r.status)).toEqual([201, 201]);
    expect((await upload(key, guid, bundle)).status).toBe(201);
  });

  it("an upload over the owner's storage quota is a 413 naming the quota, and stores nothing", async () => {
    const { user, guid } = await publisherWithContent();
    const built = new Uint8Array(await staticBundle({ "index.html": "x".repeat(3000) }));
    const upTo = (quota: number) =>
      uploadBundle(user, guid, { body: new Blob([built]).stream(), headers: new Headers() }, "system", {
        ...bundleLimits(),
        quotaBytes: quota,
      }).catch((e) => e);
    expect(await upTo(10_000)).toMatchObject({ id: expect.any(String) });
    const over = await upTo(4_000);
    expect(over).toMatchObject({ kind: "payload_too_large", payload: { reason: "storage_quota_exceeded", quota: 4_000 } });
    expect(over.message).toMatch(/storage quota of 4000 bytes/);
    expect(await storedRows(guid)).toEqual({ bundles: 1, files: 2 });
  });
});
