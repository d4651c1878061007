// Every admin endpoint, called by each role: administrators pass the role check,
// publishers and viewers get 403 (or can only read where SPEC §4 says so), anonymous callers 401.
import { describe, expect, it } from "vitest";
import * as users from "@/app/%5F_api__/v1/users/route";
import * as user from "@/app/%5F_api__/v1/users/[guid]/route";
import * as settings from "@/app/%5F_api__/v1/system/settings/route";
import * as integrations from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as integration from "@/app/%5F_api__/v1/oauth/integrations/[guid]/route";
import * as verify from "@/app/%5F_api__/v1/oauth/integrations/[guid]/verify/route";
import * as verifyConfig from "@/app/%5F_api__/v1/oauth/integrations/verify/route";
import * as explain from "@/app/%5F_api__/v1/oauth/integrations/explain/route";
import * as templates from "@/app/%5F_api__/v1/oauth/templates/route";
import { call, makeUser } from "../support/fixtures";

type Role = "administrator" | "publisher" | "viewer" | "anonymous";
type Row = { name: string; run: (key?: string) => Promise<{ status: number }>; allowed: Role[] };

const params = { guid: "00000000-0000-0000-0000-000000000000" };
const rows: Row[] = [
  { name: "GET users", run: (key) => call(users.GET, { key }), allowed: ["administrator", "publisher"] },
  { name: "POST users", run: (key) => call(users.POST, { method: "POST", key, body: {} }), allowed: ["administrator"] },
  { name: "GET user", run: (key) => call(user.GET, { key, params }), allowed: ["administrator", "publisher"] },
  { name: "PATCH user", run: (key) => call(user.PATCH, { method: "PATCH", key, params, body: {} }), allowed: ["administrator"] },
  { name: "GET settings", run: (key) => call(settings.GET, { key }), allowed: ["administrator"] },
  { name: "PATCH settings", run: (key) => call(settings.PATCH, { method: "PATCH", key, body: {} }), allowed: ["administrator"] },
  { name: "GET templates", run: (key) => call(templates.GET, { key }), allowed: ["administrator", "publisher"] },
  { name: "GET integrations", run: (key) => call(integrations.GET, { key }), allowed: ["administrator", "publisher"] },
  { name: "POST integrations", run: (key) => call(integrations.POST, { method: "POST", key, body: {} }), allowed: ["administrator"] },
  { name: "GET integration", run: (key) => call(integration.GET, { key, params }), allowed: ["administrator", "publisher"] },
  { name: "PATCH integration", run: (key) => call(integration.PATCH, { method: "PATCH", key, params, body: {} }), allowed: ["administrator"] },
  { name: "DELETE integration", run: (key) => call(integration.DELETE, { method: "DELETE", key, params }), allowed: ["administrator"] },
  { name: "POST verify", run: (key) => call(verify.POST, { method: "POST", key, params }), allowed: ["administrator"] },
  { name: "POST verify config", run: (key) => call(verifyConfig.POST, { method: "POST", key, body: {} }), allowed: ["administrator"] },
  { name: "POST explain", run: (key) => call(explain.POST, { method: "POST", key, body: {} }), allowed: ["administrator"] },
];

describe("role matrix", async () => {
  const keys: Record<Role, string | undefined> = {
    administrator: (await makeUser({ role: "administrator" })).key,
    publisher: (await makeUser({ role: "publisher" })).key,
    viewer: (await makeUser({ role: "viewer" })).key,
    anonymous: undefined,
  };
  for (const row of rows) {
    for (const role of Object.keys(keys) as Role[]) {
      const allowed = row.allowed.includes(role);
      it(`${row.name} as ${role} → ${allowed ? "passes the role check" : role === "anonymous" ? "401" : "403"}`, async () => {
        const res = await row.run(keys[role]);
        if (allowed) expect([200, 201, 204, 400, 404]).toContain(res.status);
        else expect(res.status).toBe(role === "anonymous" ? 401 : 403);
      });
    }
  }
});
