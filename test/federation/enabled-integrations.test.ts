// The exchange's index of enabled integrations, reloaded every 2 s: a reload
// parses only configs whose text changed since the last (parsing all of them
// every 2 s cost the exchange throughput with 900 integrations), and sees every
// change, including one written by another instance.
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deleteIntegration, enabledIntegrations, forgetEnabledIntegrations, getIntegration, listIntegrations } from "@/lib/federation/integrations";
import * as list from "@/app/%5F_api__/v1/oauth/integrations/route";
import { call, makeUser, unique } from "../support/fixtures";

let admin: Awaited<ReturnType<typeof makeUser>>;
const created: string[] = [];

beforeAll(async () => {
  admin = await makeUser({ role: "administrator" });
});

afterAll(async () => {
  for (const guid of created) await deleteIntegration(guid, "system").catch(() => undefined);
});

async function post(issuer: string) {
  const res = await call(list.POST, {
    method: "POST",
    key: admin.key,
    body: { template: "posit-workbench-federation", name: unique("Reload"), config: { issuer, client_id: "workbench" } },
  });
  expect(res.status).toBe(201);
  created.push(res.body.guid);
  return res.body.guid as string;
}

const byIssuer = async (issuer: string) => {
  const found = (await enabledIntegrations()).byIssuer.get(issuer);
  expect(found).toHaveLength(1);
  return found![0];
};

it("reuses the parse of an unchanged config and re-reads a changed one, even when another instance changed it", async () => {
  const [still, edited] = [`https://${unique("idp")}.example.com`, `https://${unique("idp")}.example.com`];
  await post(still);
  const guid = await post(edited);
  forgetEnabledIntegrations();
  const [stillBefore, editedBefore] = [await byIssuer(still), await byIssuer(edited)];
  expect(editedBefore.config.client_id).toBe("workbench");

  // As another instance would: the row changes under this one, which reloads on its own schedule.
  const row = await db.integration.findUniqueOrThrow({ where: { guid } });
  const config = { ...JSON.parse(row.config), client_id: "rstudio" };
  await db.integration.update({ where: { guid }, data: { config: JSON.stringify(config) } });
  forgetEnabledIntegrations();

  const [stillAfter, editedAfter] = [await byIssuer(still), await byIssuer(edited)];
  expect(editedAfter.config.client_id).toBe("rstudio");
  expect(editedAfter.rawConfig).toMatchObject({ client_id: "rstudio" });
  expect(stillAfter).not.toBe(stillBefore); // a new row object from the new read…
  expect(stillAfter.config).toBe(stillBefore.config); // …with the parse of the unchanged config reused
  expect(stillAfter.rawConfig).toBe(stillBefore.rawConfig);
});

it("the full list and the conflict check reuse a reload's parses too, and parse a changed config afresh", async () => {
  const issuer = `https://${unique("idp")}.example.com`;
  const guid = await post(issuer);
  forgetEnabledIntegrations();
  const indexed = await byIssuer(issuer);
  const listed = (await listIntegrations()).find((i) => i.guid === guid)!;
  expect(listed.config).toBe(indexed.config);
  expect((await getIntegration(guid)).rawConfig).toBe(indexed.rawConfig);

  // A twin is still found from the reused parses, and a config changed since the reload is not read from them.
  const twin = await call(list.POST, {
    method: "POST",
    key: admin.key,
    body: { template: "posit-workbench-federation", name: unique("Twin"), config: { issuer, client_id: "workbench" } },
  });
  expect(twin.status).toBe(409);
  const row = await db.integration.findUniqueOrThrow({ where: { guid } });
  await db.integration.update({ where: { guid }, data: { config: JSON.stringify({ ...JSON.parse(row.config), client_id: "other" }) } });
  expect((await getIntegration(guid)).config.client_id).toBe("other");
});
