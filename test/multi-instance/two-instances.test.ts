// Two production servers sharing one PostgreSQL database: a key minted on one
// works on the other, and a disabled integration stops exchanges on both
// within seconds. Needs the production build (`npm test` builds first).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteIntegration, type LoadedIntegration } from "@/lib/federation/integrations";
import { startOidcProvider, type OidcFixture } from "../support/oidc-provider";
import { makeUser, unique } from "../support/fixtures";
import { exchangeForm, setFederation, trustProvider } from "../support/federation";
import { provider } from "../support/databases";

const built = existsSync(path.join(process.cwd(), ".next", "BUILD_ID"));
const servers: ChildProcess[] = [];
let op: OidcFixture;
let integration: LoadedIntegration;

async function startServer(port: number): Promise<string> {
  const child = spawn("node_modules/.bin/tsx", ["scripts/server.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "fed-instance-")),
      LOG_LEVEL: "warn",
      EXCHANGE_RATE_LIMIT_PER_MINUTE: "100000",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  servers.push(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return base;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server on ${port} did not become ready`);
}

const exchangeOn = (base: string, token: string) =>
  fetch(`${base}/__api__/v1/oauth/integrations/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: exchangeForm(token),
  });

describe.runIf(provider === "postgresql" && built)("several instances on one PostgreSQL database", () => {
  let a: string;
  let b: string;

  beforeAll(async () => {
    op = await startOidcProvider();
    integration = await trustProvider(op);
    await setFederation(true);
    [a, b] = await Promise.all([startServer(3411), startServer(3412)]);
  }, 90_000);

  afterAll(async () => {
    for (const s of servers) if (s.pid) process.kill(-s.pid, "SIGTERM");
    await deleteIntegration(integration.guid, "system").catch(() => undefined);
    await op?.close();
  });

  it("a key minted on one instance works on the other, and its revocation too", async () => {
    const sub = unique("sub");
    const { user, key: ownKey } = await makeUser({ externalId: sub });
    const minted = await exchangeOn(a, await op.getIdToken(sub));
    expect(minted.status).toBe(200);
    const { access_token } = (await minted.json()) as { access_token: string };
    const who = await fetch(`${b}/__api__/v1/user`, { headers: { authorization: `Key ${access_token}` } });
    expect(who.status).toBe(200);
    expect(((await who.json()) as { guid: string }).guid).toBe(user.guid);

    // A federated key may not manage keys: the user's own key revokes it.
    const auth = { authorization: `Key ${access_token}` };
    const own = { authorization: `Key ${ownKey}` };
    const keys = (await (await fetch(`${a}/__api__/v1/users/${user.guid}/keys`, { headers: own })).json()) as { id: string; federated: boolean }[];
    const federated = keys.find((k) => k.federated)!;
    const revoked = await fetch(`${a}/__api__/v1/users/${user.guid}/keys/${federated.id}`, { method: "DELETE", headers: own });
    expect(revoked.status).toBe(204);
    expect((await fetch(`${b}/__api__/v1/user`, { headers: auth })).status).toBe(401);
  });

  it("disabling an integration through one instance stops exchanges on the other within seconds", async () => {
    const sub = unique("sub");
    await makeUser({ externalId: sub });
    const admin = await makeUser({ role: "administrator" });
    const token = await op.getIdToken(sub);
    expect((await exchangeOn(b, token)).status).toBe(200);
    const patched = await fetch(`${a}/__api__/v1/oauth/integrations/${integration.guid}`, {
      method: "PATCH",
      headers: { authorization: `Key ${admin.key}`, "content-type": "application/json" },
      body: JSON.stringify({ enabled: false }),
    });
    expect(patched.status).toBe(200);
    const started = Date.now();
    let status = 200;
    while (Date.now() - started < 5_000) {
      status = (await exchangeOn(b, token)).status;
      if (status !== 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
