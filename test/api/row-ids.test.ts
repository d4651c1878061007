// Ids past what a row can have (32-bit, lib/validation/row-id.ts) in a path, a filter,
// a cursor or a body. PostgreSQL refused them as parameters: each was a 500 there.
import { describe, expect, it } from "vitest";
import { MAX_ROW_ID, rowIdOf } from "@/lib/validation/row-id";
import * as keyRoute from "@/app/%5F_api__/v1/users/[guid]/keys/[id]/route";
import * as audit from "@/app/%5F_api__/v1/audit_logs/route";
import * as applications from "@/app/%5F_api__/applications/route";
import * as application from "@/app/%5F_api__/applications/[id]/route";
import * as contentList from "@/app/%5F_api__/v1/content/route";
import * as deploy from "@/app/%5F_api__/v1/content/[guid]/deploy/route";
import * as site from "@/app/content/[guid]/[[...path]]/route";
import { call, makeUser, unique } from "../support/fixtures";

const PAST = String(MAX_ROW_ID + 1);

describe("rowIdOf", () => {
  it("reads a decimal id up to the largest a row can have, and nothing else", () => {
    expect(rowIdOf("1")).toBe(1);
    expect(rowIdOf(String(MAX_ROW_ID))).toBe(MAX_ROW_ID);
    for (const text of [PAST, "9999999999", "99999999999", "0", "007", "-1", "1e3", "0x10", " 1", "1.0", ""]) {
      expect(rowIdOf(text), text).toBeUndefined();
    }
  });
});

describe("an id no row can have is a 4xx, on both databases", () => {
  it("in a path: an API key, a legacy application, a draft bundle's preview", async () => {
    const publisher = await makeUser({ role: "publisher" });
    const content = await call(contentList.POST, { method: "POST", key: publisher.key, body: { name: unique("ids") } });
    const guid = content.body.guid;
    for (const id of [String(MAX_ROW_ID), PAST]) {
      const key = await call(keyRoute.DELETE, { method: "DELETE", key: publisher.key, params: { guid: publisher.user.guid, id } });
      expect(key.status, id).toBe(404);
      expect((await call(application.GET, { key: publisher.key, params: { id } })).status, id).toBe(404);
      const preview = await call(site.GET, { key: publisher.key, params: { guid, path: [`_bundle${id}`] }, path: `/content/${guid}/_bundle${id}/` });
      expect(preview.status, id).toBe(404);
    }
  });

  it("in a filter, a cursor and a deploy's bundle_id: a 400 naming it", async () => {
    const admin = await makeUser({ role: "administrator" });
    const cursor = await call(audit.GET, { key: admin.key, path: `/?cursor=${PAST}` });
    expect(cursor.status).toBe(400);
    expect(cursor.body.payload.fields[0].field).toBe("cursor");
    const filter = await call(applications.GET, { key: admin.key, path: `/__api__/applications?filter=account_id:${PAST}` });
    expect(filter.status).toBe(400);
    expect(filter.body.error).toContain("account_id");
    const content = await call(contentList.POST, { method: "POST", key: admin.key, body: { name: unique("ids") } });
    for (const bundle_id of [PAST, Number(PAST), 1.5]) {
      const res = await call(deploy.POST, { method: "POST", key: admin.key, params: { guid: content.body.guid }, body: { bundle_id } });
      expect(res.status, String(bundle_id)).toBe(400);
      expect(res.body.payload.fields).toContainEqual({ field: "bundle_id", message: "must be a bundle id" });
    }
  });
});
