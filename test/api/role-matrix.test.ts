// Every route under /__api__, called by each kind of caller, with the exact
// status each gets: anonymous, ordinary keys of each role, and federated keys
// whose integration caps their role (SPEC §8: the lower of the user's role and
// the cap; a federated key never manages API keys). Content routes are called
// on the caller's own item and on another publisher's. The table must name
// every method every route file serves, so a new route cannot skip it.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as unknownPath from "@/app/%5F_api__/[[...path]]/route";
import * as appConfig from "@/app/%5F_api__/applications/[id]/config/route";
import * as appDeploy from "@/app/%5F_api__/applications/[id]/deploy/route";
import * as app from "@/app/%5F_api__/applications/[id]/route";
import * as appUpload from "@/app/%5F_api__/applications/[id]/upload/route";
import * as apps from "@/app/%5F_api__/applications/route";
import * as me from "@/app/%5F_api__/me/route";
import * as serverSettings from "@/app/%5F_api__/server_settings/route";
import * as legacyTask from "@/app/%5F_api__/tasks/[id]/route";
import * as usersCurrent from "@/app/%5F_api__/users/current/route";
import * as auditLogs from "@/app/%5F_api__/v1/audit_logs/route";
import * as auditExport from "@/app/%5F_api__/v1/audit_logs/export/route";
import * as bundles from "@/app/%5F_api__/v1/content/[guid]/bundles/route";
import * as deploy from "@/app/%5F_api__/v1/content/[guid]/deploy/route";
import * as deployments from "@/app/%5F_api__/v1/content/[guid]/deployments/route";
import * as contentItem from "@/app/%5F_api__/v1/content/[guid]/route";
import * as content from "@/app/%5F_api__/v1/content/route";
import * as activity from "@/app/%5F_api__/v1/oauth/integrations/[guid]/activity/route";
import * as revokeKeys from "@/app/%5F_api__/v1/oauth/integrations/[guid]/revoke_keys/route";
import * as integration from "@/app/%5F_api__/v1/oauth/integrations/[guid]/route";
import * as verify from "@/app/%5F_api__/v1/oauth/integrations/[guid]/verify/route";
import * as credentials from "@/app/%5F_api__/v1/oauth/integrations/credentials/route";
import * as explain from "@/app/%5F_api__/v1/oauth/integrations/explain/route";
import * as integrations from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as verifyConfig from "@/app/%5F_api__/v1/oauth/integrations/verify/route";
import * as template from "@/app/%5F_api__/v1/oauth/templates/[id]/route";
import * as templates from "@/app/%5F_api__/v1/oauth/templates/route";
import * as setup from "@/app/%5F_api__/v1/setup/route";
import * as settings from "@/app/%5F_api__/v1/system/settings/route";
import * as task from "@/app/%5F_api__/v1/tasks/[id]/route";
import * as v1User from "@/app/%5F_api__/v1/user/route";
import * as oneKey from "@/app/%5F_api__/v1/users/[guid]/keys/[id]/route";
import * as keys from "@/app/%5F_api__/v1/users/[guid]/keys/route";
import * as user from "@/app/%5F_api__/v1/users/[guid]/route";
import * as users from "@/app/%5F_api__/v1/users/route";
import { db } from "@/lib/db";
import type { User } from "@/lib/db/generated/sqlite/client";
import { createContent } from "@/lib/content/service";
import { deleteIntegration, type LoadedIntegration } from "@/lib/federation/integrations";
import { roleAtLeast, type Role } from "@/lib/users/schema";
import { call, makeUser, unique } from "../support/fixtures";
import { federatedKey, trustedProviderForFile, trustProvider } from "../support/federation";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Item = { guid: string; id: number; taskId: string };
/** What a row's request may use: the caller's key and user, its own content item and task, another publisher's. */
type Ctx = { key?: string; guid?: string; own?: Item; other: Item; otherUserGuid: string; integrationGuid: string; fresh: (target: Target) => Promise<Item> };
type Target = "own" | "other";
type Kind = { name: string; acts: Role | "anonymous"; federated: boolean; role?: Role; aud?: string };
type Result = { status: number; body: { payload?: { reason?: string } } };
type Row = {
  /** The route file's folder under app/%5F_api__, and the method. */
  route: string;
  method: Method;
  /** What is asked, when the route is asked more than one thing. */
  what?: string;
  run: (c: Ctx) => Promise<Result>;
  expected: (k: Kind) => number;
  /** The key routes: refused to federated keys, with this reason. */
  keyRoute?: boolean;
};

const UNKNOWN_GUID = "00000000-0000-0000-0000-000000000000";
const acting = (k: Kind, role: Role) => k.acts !== "anonymous" && roleAtLeast(k.acts, role);

// How the answer depends on the caller, by kind of route.
/** Anyone, signed in or not. */
const anyone = (status: number) => () => status;
/** Any signed-in caller whose role is at least `role`; others 403. */
const atLeast = (role: Role, status: number) => (k: Kind) => (k.acts === "anonymous" ? 401 : acting(k, role) ? status : 403);
/** An owner's route on a content item or task: `role` to use it at all; another's item is 404 unless the caller acts as administrator. */
const owned = (role: Role, status: number, target: Target) => (k: Kind) => {
  if (k.acts === "anonymous") return 401;
  if (!acting(k, role)) return 403;
  return target === "own" || acting(k, "administrator") ? status : 404;
};
/** Own API keys: any signed-in caller but never a federated key. */
const selfKeys = (status: number) => (k: Kind) => (k.acts === "anonymous" ? 401 : k.federated ? 403 : status);

const json = (method: Method, key: string | undefined, body: unknown) => ({ method, key, body });
const garbage = (key: string | undefined) => ({
  method: "POST",
  key,
  rawBody: new TextEncoder().encode("this is not a gzip tar archive"),
  headers: { "content-type": "application/gzip" },
});
const item = (c: Ctx, target: Target) => (target === "own" ? c.own : c.other) ?? c.other;

/** The rows of one content route, on the caller's own item and on another publisher's. */
function onItems(route: string, method: Method, run: (c: Ctx, i: Item) => Promise<Result>, role: Role, status: number, fresh = false): Row[] {
  return (["own", "other"] as const).map((target) => ({
    route,
    method,
    what: target === "own" ? "own item" : "another publisher's item",
    run: async (c: Ctx) => run(c, fresh && c.key ? await c.fresh(target) : item(c, target)),
    expected: owned(role, status, target),
  }));
}

const rows: Row[] = [
  // Anyone
  { route: "server_settings", method: "GET", run: () => call(serverSettings.GET), expected: anyone(200) },
  {
    route: "v1/oauth/integrations/credentials",
    method: "POST",
    what: "an empty form",
    run: ({ key }) => call(credentials.POST, { method: "POST", key, rawBody: "", headers: { "content-type": "application/x-www-form-urlencoded" } }),
    expected: anyone(400),
  },
  {
    route: "v1/setup",
    method: "POST",
    what: "once set up",
    run: ({ key }) => call(setup.POST, json("POST", key, { username: unique("late"), password: "correct horse battery staple 42" })),
    expected: anyone(409),
  },
  // Who am I
  { route: "v1/user", method: "GET", run: ({ key }) => call(v1User.GET, { key }), expected: atLeast("viewer", 200) },
  { route: "me", method: "GET", run: ({ key }) => call(me.GET, { key }), expected: atLeast("viewer", 200) },
  { route: "users/current", method: "GET", run: ({ key }) => call(usersCurrent.GET, { key }), expected: atLeast("viewer", 200) },
  // Users
  { route: "v1/users", method: "GET", run: ({ key }) => call(users.GET, { key }), expected: atLeast("publisher", 200) },
  { route: "v1/users", method: "POST", what: "an invalid body", run: ({ key }) => call(users.POST, json("POST", key, {})), expected: atLeast("administrator", 400) },
  {
    route: "v1/users/[guid]",
    method: "GET",
    what: "another user",
    run: ({ key, otherUserGuid }) => call(user.GET, { key, params: { guid: otherUserGuid } }),
    expected: atLeast("publisher", 200),
  },
  {
    route: "v1/users/[guid]",
    method: "PATCH",
    what: "an unknown user",
    run: ({ key }) => call(user.PATCH, { ...json("PATCH", key, {}), params: { guid: UNKNOWN_GUID } }),
    expected: atLeast("administrator", 404),
  },
  // API keys: one's own only, never with a federated key
  { route: "v1/users/[guid]/keys", method: "GET", what: "own", run: ({ key, guid }) => call(keys.GET, { key, params: { guid: guid ?? UNKNOWN_GUID } }), expected: selfKeys(200), keyRoute: true },
  {
    route: "v1/users/[guid]/keys",
    method: "GET",
    what: "another user's",
    run: ({ key, otherUserGuid }) => call(keys.GET, { key, params: { guid: otherUserGuid } }),
    expected: selfKeys(403),
    keyRoute: true,
  },
  {
    route: "v1/users/[guid]/keys",
    method: "POST",
    what: "own",
    run: ({ key, guid }) => call(keys.POST, { ...json("POST", key, { name: "matrix" }), params: { guid: guid ?? UNKNOWN_GUID } }),
    expected: selfKeys(201),
    keyRoute: true,
  },
  {
    route: "v1/users/[guid]/keys",
    method: "POST",
    what: "another user's",
    run: ({ key, otherUserGuid }) => call(keys.POST, { ...json("POST", key, { name: "matrix" }), params: { guid: otherUserGuid } }),
    expected: selfKeys(403),
    keyRoute: true,
  },
  {
    route: "v1/users/[guid]/keys/[id]",
    method: "DELETE",
    what: "own, unknown id",
    run: ({ key, guid }) => call(oneKey.DELETE, { method: "DELETE", key, params: { guid: guid ?? UNKNOWN_GUID, id: "999999999" } }),
    expected: selfKeys(404),
    keyRoute: true,
  },
  {
    route: "v1/users/[guid]/keys/[id]",
    method: "DELETE",
    what: "another user's",
    run: ({ key, otherUserGuid }) => call(oneKey.DELETE, { method: "DELETE", key, params: { guid: otherUserGuid, id: "999999999" } }),
    expected: selfKeys(403),
    keyRoute: true,
  },
  // Settings, audit
  { route: "v1/system/settings", method: "GET", run: ({ key }) => call(settings.GET, { key }), expected: atLeast("administrator", 200) },
  { route: "v1/system/settings", method: "PATCH", what: "no change", run: ({ key }) => call(settings.PATCH, json("PATCH", key, {})), expected: atLeast("administrator", 200) },
  { route: "v1/audit_logs", method: "GET", run: ({ key }) => call(auditLogs.GET, { key, path: "/?limit=1" }), expected: atLeast("administrator", 200) },
  {
    route: "v1/audit_logs/export",
    method: "GET",
    run: ({ key }) => call(auditExport.GET, { key, path: "/?format=json&limit=1" }),
    expected: atLeast("administrator", 200),
  },
  // Integrations and templates
  { route: "v1/oauth/templates", method: "GET", run: ({ key }) => call(templates.GET, { key }), expected: atLeast("publisher", 200) },
  {
    route: "v1/oauth/templates/[id]",
    method: "GET",
    run: ({ key }) => call(template.GET, { key, params: { id: "oidc-federation" } }),
    expected: atLeast("publisher", 200),
  },
  { route: "v1/oauth/integrations", method: "GET", run: ({ key }) => call(integrations.GET, { key }), expected: atLeast("publisher", 200) },
  {
    route: "v1/oauth/integrations",
    method: "POST",
    what: "an invalid body",
    run: ({ key }) => call(integrations.POST, json("POST", key, {})),
    expected: atLeast("administrator", 400),
  },
  {
    route: "v1/oauth/integrations/[guid]",
    method: "GET",
    run: ({ key, integrationGuid }) => call(integration.GET, { key, params: { guid: integrationGuid } }),
    expected: atLeast("publisher", 200),
  },
  {
    route: "v1/oauth/integrations/[guid]",
    method: "PATCH",
    what: "an unknown integration",
    run: ({ key }) => call(integration.PATCH, { ...json("PATCH", key, {}), params: { guid: UNKNOWN_GUID } }),
    expected: atLeast("administrator", 404),
  },
  {
    route: "v1/oauth/integrations/[guid]",
    method: "DELETE",
    what: "an unknown integration",
    run: ({ key }) => call(integration.DELETE, { method: "DELETE", key, params: { guid: UNKNOWN_GUID } }),
    expected: atLeast("administrator", 404),
  },
  {
    route: "v1/oauth/integrations/[guid]/activity",
    method: "GET",
    run: ({ key, integrationGuid }) => call(activity.GET, { key, params: { guid: integrationGuid } }),
    expected: atLeast("administrator", 200),
  },
  {
    route: "v1/oauth/integrations/[guid]/revoke_keys",
    method: "POST",
    what: "an unknown integration",
    run: ({ key }) => call(revokeKeys.POST, { method: "POST", key, params: { guid: UNKNOWN_GUID } }),
    expected: atLeast("administrator", 404),
  },
  {
    route: "v1/oauth/integrations/[guid]/verify",
    method: "POST",
    what: "an unknown integration",
    run: ({ key }) => call(verify.POST, { method: "POST", key, params: { guid: UNKNOWN_GUID } }),
    expected: atLeast("administrator", 404),
  },
  {
    route: "v1/oauth/integrations/verify",
    method: "POST",
    what: "an invalid body",
    run: ({ key }) => call(verifyConfig.POST, json("POST", key, {})),
    expected: atLeast("administrator", 400),
  },
  {
    route: "v1/oauth/integrations/explain",
    method: "POST",
    what: "an invalid body",
    run: ({ key }) => call(explain.POST, json("POST", key, {})),
    expected: atLeast("administrator", 400),
  },
  // Content: lists and creation
  { route: "v1/content", method: "GET", run: ({ key }) => call(content.GET, { key }), expected: atLeast("viewer", 200) },
  { route: "v1/content", method: "POST", what: "an invalid body", run: ({ key }) => call(content.POST, json("POST", key, {})), expected: atLeast("publisher", 400) },
  { route: "applications", method: "GET", run: ({ key }) => call(apps.GET, { key }), expected: atLeast("viewer", 200) },
  { route: "applications", method: "POST", what: "an invalid body", run: ({ key }) => call(apps.POST, json("POST", key, {})), expected: atLeast("publisher", 400) },
  // Content: one item, the caller's own and another publisher's
  ...onItems("v1/content/[guid]", "GET", ({ key }, i) => call(contentItem.GET, { key, params: { guid: i.guid } }), "viewer", 200),
  ...onItems("v1/content/[guid]", "PATCH", ({ key }, i) => call(contentItem.PATCH, { ...json("PATCH", key, { title: "matrix" }), params: { guid: i.guid } }), "publisher", 200),
  ...onItems("v1/content/[guid]", "DELETE", ({ key }, i) => call(contentItem.DELETE, { method: "DELETE", key, params: { guid: i.guid } }), "publisher", 204, true),
  ...onItems("v1/content/[guid]/bundles", "GET", ({ key }, i) => call(bundles.GET, { key, params: { guid: i.guid } }), "viewer", 200),
  // Not an archive: refused after the ownership check, so only the owner (or an administrator) learns that.
  ...onItems("v1/content/[guid]/bundles", "POST", ({ key }, i) => call(bundles.POST, { ...garbage(key), params: { guid: i.guid } }), "publisher", 400),
  // No bundle to deploy yet: 400 once the item is reachable.
  ...onItems("v1/content/[guid]/deploy", "POST", ({ key }, i) => call(deploy.POST, { ...json("POST", key, {}), params: { guid: i.guid } }), "publisher", 400),
  ...onItems("v1/content/[guid]/deployments", "GET", ({ key }, i) => call(deployments.GET, { key, params: { guid: i.guid } }), "viewer", 200),
  ...onItems("v1/tasks/[id]", "GET", ({ key }, i) => call(task.GET, { key, params: { id: i.taskId } }), "viewer", 200),
  ...onItems("applications/[id]", "GET", ({ key }, i) => call(app.GET, { key, params: { id: String(i.id) } }), "viewer", 200),
  ...onItems("applications/[id]/config", "GET", ({ key }, i) => call(appConfig.GET, { key, params: { id: i.guid } }), "viewer", 200),
  ...onItems("applications/[id]/upload", "POST", ({ key }, i) => call(appUpload.POST, { ...garbage(key), params: { id: String(i.id) } }), "publisher", 400),
  ...onItems("applications/[id]/deploy", "POST", ({ key }, i) => call(appDeploy.POST, { ...json("POST", key, { bundle: null }), params: { id: String(i.id) } }), "publisher", 400),
  ...onItems("tasks/[id]", "GET", ({ key }, i) => call(legacyTask.GET, { key, params: { id: i.taskId } }), "viewer", 200),
  // Any other path: Connect's JSON 404, whoever asks
  ...(["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map(
    (method): Row => ({
      route: "[[...path]]",
      method,
      run: ({ key }) => call(unknownPath[method], { method, key, path: "/__api__/v1/nothing", params: { path: ["v1", "nothing"] } }),
      expected: anyone(404),
    }),
  ),
];

const kinds: Kind[] = [
  { name: "anonymous", acts: "anonymous", federated: false },
  { name: "viewer", acts: "viewer", federated: false, role: "viewer" },
  { name: "publisher", acts: "publisher", federated: false, role: "publisher" },
  { name: "administrator", acts: "administrator", federated: false, role: "administrator" },
  { name: "federated publisher", acts: "publisher", federated: true, role: "publisher", aud: "workbench" },
  { name: "federated administrator capped at publisher (the default)", acts: "publisher", federated: true, role: "administrator", aud: "workbench" },
  { name: "federated administrator capped at administrator", acts: "administrator", federated: true, role: "administrator", aud: "cap-admin" },
  { name: "federated publisher capped at viewer", acts: "viewer", federated: true, role: "publisher", aud: "cap-viewer" },
];

const API_DIR = path.join(import.meta.dirname, "../../app/%5F_api__");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );
}

/** The methods a route file serves itself: what it names in otherMethods(…), else every method it exports (HEAD goes with GET). */
function servedMethods(file: string): Method[] {
  const source = readFileSync(file, "utf8");
  const declared = /otherMethods\(([^)]*)\)/.exec(source);
  if (declared) return [...declared[1].matchAll(/"([A-Z]+)"/g)].map((m) => m[1] as Method).filter((m) => m !== ("HEAD" as string));
  return (["GET", "POST", "PUT", "PATCH", "DELETE"] as const).filter((m) => new RegExp(`\\b${m}\\b`).test(source));
}

describe("role matrix", () => {
  it("has a row for every method of every route file under /__api__, and none for a route that is gone", () => {
    const served = routeFiles(API_DIR).flatMap((f) => servedMethods(f).map((m) => `${path.relative(API_DIR, path.dirname(f))} ${m}`));
    expect(served.length).toBeGreaterThan(40);
    const tabled = new Set(rows.map((r) => `${r.route} ${r.method}`));
    expect(served.filter((s) => !tabled.has(s)), "routes missing from the matrix").toEqual([]);
    expect([...tabled].filter((t) => !served.includes(t)), "rows for routes that do not exist").toEqual([]);
  });

  const ctx = trustedProviderForFile();
  const callers: Record<string, Omit<Ctx, "other" | "otherUserGuid" | "integrationGuid" | "fresh"> & { user?: User }> = {};
  const shared = {} as Pick<Ctx, "other" | "otherUserGuid" | "integrationGuid">;
  const extra: LoadedIntegration[] = [];
  let otherPublisher: User;

  /** A content item of `owner`, with a finished deploy task. */
  async function itemOf(owner: User): Promise<Item> {
    const row = await createContent(owner, { name: unique("matrix") }, "system");
    const t = await db.task.create({ data: { id: randomUUID(), contentId: row.id, userId: owner.id, kind: "deploy", finished: true } });
    return { guid: row.guid, id: row.id, taskId: t.id };
  }

  beforeAll(async () => {
    // One issuer, one integration per cap: the token's aud picks it.
    for (const [clientId, maxRole] of [["cap-admin", "administrator"], ["cap-viewer", "viewer"]] as const) {
      extra.push(await trustProvider(ctx.op, { config: { client_id: clientId, max_role: maxRole } }));
    }
    otherPublisher = (await makeUser({ role: "publisher" })).user;
    Object.assign(shared, { other: await itemOf(otherPublisher), otherUserGuid: otherPublisher.guid, integrationGuid: ctx.integration.guid });
    callers.anonymous = {};
    for (const kind of kinds) {
      if (!kind.role) continue;
      const sub = unique("sub");
      const made = await makeUser({ role: kind.role, externalId: kind.federated ? sub : undefined });
      const key = kind.federated ? await federatedKey(ctx.op, sub, kind.aud) : made.key;
      callers[kind.name] = { key, guid: made.user.guid, user: made.user, own: await itemOf(made.user) };
    }
  });

  afterAll(async () => {
    for (const i of extra) await deleteIntegration(i.guid, "system").catch(() => undefined);
  });

  for (const row of rows) {
    for (const kind of kinds) {
      const status = row.expected(kind);
      it(`${row.method} ${row.route}${row.what ? ` (${row.what})` : ""} as ${kind.name} → ${status}`, async () => {
        const caller = callers[kind.name];
        const fresh = async (target: Target) => itemOf(target === "own" && caller.user ? caller.user : otherPublisher);
        const res = await row.run({ ...caller, ...shared, fresh });
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        if (row.keyRoute && kind.federated) expect(res.body.payload?.reason).toBe("federated_key_not_allowed");
      });
    }
  }
});
