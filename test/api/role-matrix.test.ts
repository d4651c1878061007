// Every admin endpoint and the key routes, called by each kind of caller, with
// the exact status each gets: ordinary keys of each role, anonymous callers, and
// federated keys whose integration caps their role (SPEC §8: the lower of the
// user's role and the cap; a federated key never manages API keys).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as users from "@/app/%5F_api__/v1/users/route";
import * as user from "@/app/%5F_api__/v1/users/[guid]/route";
import * as keys from "@/app/%5F_api__/v1/users/[guid]/keys/route";
import * as oneKey from "@/app/%5F_api__/v1/users/[guid]/keys/[id]/route";
import * as settings from "@/app/%5F_api__/v1/system/settings/route";
import * as integrations from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as integration from "@/app/%5F_api__/v1/oauth/integrations/[guid]/route";
import * as revokeKeys from "@/app/%5F_api__/v1/oauth/integrations/[guid]/revoke_keys/route";
import * as verify from "@/app/%5F_api__/v1/oauth/integrations/[guid]/verify/route";
import * as verifyConfig from "@/app/%5F_api__/v1/oauth/integrations/verify/route";
import * as explain from "@/app/%5F_api__/v1/oauth/integrations/explain/route";
import * as templates from "@/app/%5F_api__/v1/oauth/templates/route";
import { deleteIntegration, type LoadedIntegration } from "@/lib/federation/integrations";
import type { Role } from "@/lib/users/schema";
import { call, makeUser, unique } from "../support/fixtures";
import { federatedKey, trustedProviderForFile, trustProvider } from "../support/federation";

type Caller = { key?: string; guid?: string };
type CallerKind = { name: string; acts: Role | "anonymous"; federated: boolean };
type Row = {
  name: string;
  run: (caller: Caller) => Promise<{ status: number; body: { payload?: { reason?: string } } }>;
  allowed: Role[];
  /** The exact status a caller with an allowed role gets for this request. */
  ok: number;
  /** The key routes: refused to federated keys whatever their role. */
  keyRoute?: boolean;
};

const params = { guid: "00000000-0000-0000-0000-000000000000" };
const everyone: Role[] = ["administrator", "publisher", "viewer"];
const rows: Row[] = [
  { name: "GET users", run: ({ key }) => call(users.GET, { key }), allowed: ["administrator", "publisher"], ok: 200 },
  { name: "POST users", run: ({ key }) => call(users.POST, { method: "POST", key, body: {} }), allowed: ["administrator"], ok: 400 },
  { name: "GET user", run: ({ key }) => call(user.GET, { key, params }), allowed: ["administrator", "publisher"], ok: 404 },
  { name: "PATCH user", run: ({ key }) => call(user.PATCH, { method: "PATCH", key, params, body: {} }), allowed: ["administrator"], ok: 404 },
  { name: "GET settings", run: ({ key }) => call(settings.GET, { key }), allowed: ["administrator"], ok: 200 },
  { name: "PATCH settings", run: ({ key }) => call(settings.PATCH, { method: "PATCH", key, body: {} }), allowed: ["administrator"], ok: 200 },
  { name: "GET templates", run: ({ key }) => call(templates.GET, { key }), allowed: ["administrator", "publisher"], ok: 200 },
  { name: "GET integrations", run: ({ key }) => call(integrations.GET, { key }), allowed: ["administrator", "publisher"], ok: 200 },
  { name: "POST integrations", run: ({ key }) => call(integrations.POST, { method: "POST", key, body: {} }), allowed: ["administrator"], ok: 400 },
  { name: "GET integration", run: ({ key }) => call(integration.GET, { key, params }), allowed: ["administrator", "publisher"], ok: 404 },
  { name: "PATCH integration", run: ({ key }) => call(integration.PATCH, { method: "PATCH", key, params, body: {} }), allowed: ["administrator"], ok: 404 },
  { name: "DELETE integration", run: ({ key }) => call(integration.DELETE, { method: "DELETE", key, params }), allowed: ["administrator"], ok: 404 },
  { name: "POST revoke_keys", run: ({ key }) => call(revokeKeys.POST, { method: "POST", key, params }), allowed: ["administrator"], ok: 404 },
  { name: "POST verify", run: ({ key }) => call(verify.POST, { method: "POST", key, params }), allowed: ["administrator"], ok: 404 },
  { name: "POST verify config", run: ({ key }) => call(verifyConfig.POST, { method: "POST", key, body: {} }), allowed: ["administrator"], ok: 400 },
  { name: "POST explain", run: ({ key }) => call(explain.POST, { method: "POST", key, body: {} }), allowed: ["administrator"], ok: 400 },
  { name: "GET own keys", run: ({ key, guid }) => call(keys.GET, { key, params: { guid: guid ?? params.guid } }), allowed: everyone, ok: 200, keyRoute: true },
  {
    name: "POST own key",
    run: ({ key, guid }) => call(keys.POST, { method: "POST", key, params: { guid: guid ?? params.guid }, body: { name: "matrix" } }),
    allowed: everyone,
    ok: 201,
    keyRoute: true,
  },
  {
    name: "DELETE own key (unknown id)",
    run: ({ key, guid }) => call(oneKey.DELETE, { method: "DELETE", key, params: { guid: guid ?? params.guid, id: "999999999" } }),
    allowed: everyone,
    ok: 404,
    keyRoute: true,
  },
];

const kinds: CallerKind[] = [
  { name: "administrator", acts: "administrator", federated: false },
  { name: "publisher", acts: "publisher", federated: false },
  { name: "viewer", acts: "viewer", federated: false },
  { name: "anonymous", acts: "anonymous", federated: false },
  { name: "federated administrator capped at publisher (the default)", acts: "publisher", federated: true },
  { name: "federated administrator capped at administrator", acts: "administrator", federated: true },
  { name: "federated publisher capped at viewer", acts: "viewer", federated: true },
];

function expectedStatus(row: Row, kind: CallerKind): number {
  if (kind.acts === "anonymous") return 401;
  if (row.keyRoute && kind.federated) return 403;
  return row.allowed.includes(kind.acts) ? row.ok : 403;
}

describe("role matrix", () => {
  const ctx = trustedProviderForFile();
  const callers: Record<string, Caller> = {};
  const extra: LoadedIntegration[] = [];

  beforeAll(async () => {
    for (const role of everyone) {
      const made = await makeUser({ role });
      callers[role] = { key: made.key, guid: made.user.guid };
    }
    callers.anonymous = {};
    // One issuer, one integration per cap: the token's aud picks it.
    for (const [clientId, maxRole] of [["cap-admin", "administrator"], ["cap-viewer", "viewer"]] as const) {
      extra.push(await trustProvider(ctx.op, { config: { client_id: clientId, max_role: maxRole } }));
    }
    const federated = async (name: string, role: Role, aud: string) => {
      const sub = unique("sub");
      const made = await makeUser({ role, externalId: sub });
      callers[name] = { key: await federatedKey(ctx.op, sub, aud), guid: made.user.guid };
    };
    await federated(kinds[4].name, "administrator", "workbench");
    await federated(kinds[5].name, "administrator", "cap-admin");
    await federated(kinds[6].name, "publisher", "cap-viewer");
  });

  afterAll(async () => {
    for (const i of extra) await deleteIntegration(i.guid, "system").catch(() => undefined);
  });

  for (const row of rows) {
    for (const kind of kinds) {
      const status = expectedStatus(row, kind);
      it(`${row.name} as ${kind.name} → ${status}`, async () => {
        const res = await row.run(callers[kind.name]);
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        if (row.keyRoute && kind.federated) expect(res.body.payload?.reason).toBe("federated_key_not_allowed");
      });
    }
  }
});
