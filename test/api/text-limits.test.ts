// Text at the longest each field takes, of characters that do not compress (random
// CJK, three bytes each in UTF-8), is stored on both databases. PostgreSQL refuses an
// index entry over about 2.7 KB, so an indexed field whose limit allowed more was a
// 500 there (an email of 3 KB, a bundle path of 1,024 CJK characters); SQLite took it.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as users from "@/app/%5F_api__/v1/users/route";
import * as contentList from "@/app/%5F_api__/v1/content/route";
import * as bundles from "@/app/%5F_api__/v1/content/[guid]/bundles/route";
import { call, makeUser, unique } from "../support/fixtures";
import { manifestFor, tarGz } from "../support/bundles";

/** `n` random CJK ideographs: three bytes each, and nothing for a compressor to find. */
const cjk = (n: number) => Array.from({ length: n }, () => String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 0x5000))).join("");
const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");

describe("the longest text each field takes is stored", () => {
  it("a user's email, names and external ID", async () => {
    const admin = await makeUser({ role: "administrator" });
    // 254 characters: the local part's 64, then labels of up to 63.
    const email = `${letters(64)}@${letters(63)}.${letters(63)}.${letters(57)}.com`;
    expect(email).toHaveLength(254);
    const user = { username: unique("long"), email, first_name: cjk(128), last_name: cjk(128), external_id: cjk(512) };
    const res = await call(users.POST, { method: "POST", key: admin.key, body: user });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await db.user.findUnique({ where: { guid: res.body.guid } })).toMatchObject({ email, externalId: user.external_id });

    const tooLong = await call(users.POST, { method: "POST", key: admin.key, body: { username: unique("long"), email: `a${email}` } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.payload.fields).toContainEqual({ field: "email", message: "must be at most 254 characters" });
  });

  it("a content item's title and description, and a bundle file's path of 1,024 bytes", async () => {
    const publisher = await makeUser({ role: "publisher" });
    const item = { name: unique("long"), title: cjk(1024), description: cjk(4096) };
    const created = await call(contentList.POST, { method: "POST", key: publisher.key, body: item });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const upload = (path: string) => {
      const files = { "index.html": "<p>hi</p>", [path]: "x" };
      const entries = [{ name: "manifest.json", data: JSON.stringify(manifestFor(files)) }, ...Object.entries(files).map(([name, data]) => ({ name, data }))];
      return tarGz(entries).then((body) =>
        call(bundles.POST, { method: "POST", key: publisher.key, params: { guid: created.body.guid }, rawBody: new Uint8Array(body), headers: { "content-type": "application/gzip" } }),
      );
    };
    const longest = `${cjk(340)}.h`; // 1,022 bytes
    const res = await upload(longest);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await db.bundleFile.count({ where: { bundleId: Number(res.body.id), path: longest } })).toBe(1);

    const tooLong = await upload(`${cjk(342)}.h`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toContain("at most 1024 bytes");
  });
});
