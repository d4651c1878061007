// `npm run bench`: throughput of the token exchange against the trivial
// /healthz route on the production build, with a real OpenID provider.
// Prints figures; passes or fails nothing. Runs on SQLite, and on PostgreSQL
// too when BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { startOidcProvider, type OidcFixture } from "../test/support/oidc-provider";
import { ensureFreshBuild } from "../scripts/build";
import { cli, freshPostgres, root, startServer, stopServer, waitFor } from "./support";
import { summarise } from "./profile";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
// The two routes are measured in alternating rounds, so a machine whose speed
// drifts (a busy neighbour, a CPU governor) slows both alike.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
// `sqlite` or `postgresql` to measure one database only.
const ONLY = process.env.BENCH_ONLY;
if (ONLY !== undefined && ONLY !== "sqlite" && ONLY !== "postgresql") {
  console.error(`BENCH_ONLY must be sqlite or postgresql, not "${ONLY}"`);
  process.exit(2);
}
const USERS = 20;




type Figures = { rps: number; p50: number; p99: number; non2xx: number; errors: number };

async function load(opts: autocannon.Options, seconds = SECONDS): Promise<Figures> {
  const r = await autocannon({ connections: CONNECTIONS, duration: seconds, ...opts });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** Rounds pooled: mean req/s, median p50, worst p99, summed failures. */
function pooled(rounds: Figures[]): Figures {
  return {
    rps: rounds.reduce((a, f) => a + f.rps, 0) / rounds.length,
    p50: median(rounds.map((f) => f.p50)),
    p99: Math.max(...rounds.map((f) => f.p99)),
    non2xx: rounds.reduce((a, f) => a + f.non2xx, 0),
    errors: rounds.reduce((a, f) => a + f.errors, 0),
  };
}

const fmt = (f: Figures) =>
  `${f.rps.toFixed(0).padStart(6)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(4)} ms  non-2xx ${f.non2xx}  errors ${f.errors}`;

async function run(label: string, databaseUrl: string | undefined, op: OidcFixture, port: number) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "fed-bench-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
    LOG_LEVEL: "warn",
    EXCHANGE_RATE_LIMIT_PER_MINUTE: "100000000",
    SETTING_EARLY_ACCESS_IDENTITY_FEDERATION: "true",
    PORT: String(port),
  };
  if (!databaseUrl) delete env.DATABASE_URL;
  const adminKey = cli(env, ["users", "create", "--username", "bench-admin", "--role", "administrator", "--api-key"]);
  for (let i = 0; i < USERS; i++) cli(env, ["users", "create", "--username", `bench-${i}`, "--role", "publisher", "--external-id", `bench-sub-${i}`]);

  const profileFlags = PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(PROFILE_DIR, label)}`] : [];
  // The server as `npm start` runs it (scripts/server.ts: Node's HTTP server in front of Next), on the build.
  const server: ChildProcess = startServer(env, profileFlags);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/healthz`);
    const created = await fetch(`${base}/__api__/v1/oauth/integrations`, {
      method: "POST",
      headers: { authorization: `Key ${adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        template: "posit-workbench-federation",
        name: "Bench Workbench",
        config: { issuer: op.issuer, client_id: "workbench", allow_private_issuer: true },
      }),
    });
    if (created.status !== 201) throw new Error(`creating the integration failed: ${await created.text()}`);

    const bodies: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const token = await op.getIdToken(`bench-sub-${i}`);
      bodies.push(
        new URLSearchParams({
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
          subject_token: token,
          requested_token_type: "urn:posit:connect:api-key",
        }).toString(),
      );
    }
    op.resetCounts(); // count every fetch of this run, the probe's first one included
    const probe = await fetch(`${base}/__api__/v1/oauth/integrations/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: bodies[0],
    });
    if (probe.status !== 200) throw new Error(`a probe exchange failed: ${await probe.text()}`);

    let n = 0;
    const healthzOpts: autocannon.Options = { url: `${base}/healthz` };
    const exchangeOpts: autocannon.Options = {
      url: `${base}/__api__/v1/oauth/integrations/credentials`,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      requests: [{ setupRequest: (req) => ({ ...req, body: bodies[n++ % bodies.length] }) }],
    };
    await load(healthzOpts, 2); // warm-up
    await load(exchangeOpts, 2);
    console.log(`\n== ${label}: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per route`);
    const healthz: Figures[] = [];
    const exchange: Figures[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      healthz.push(await load(healthzOpts));
      exchange.push(await load(exchangeOpts));
      const [h, x] = [healthz.at(-1)!, exchange.at(-1)!];
      console.log(`round ${r}             healthz ${h.rps.toFixed(0)} req/s, exchange ${x.rps.toFixed(0)} req/s: ${((x.rps / h.rps) * 100).toFixed(1)} %`);
    }
    const ratios = healthz.map((h, i) => (exchange[i].rps / h.rps) * 100);
    console.log(`GET /healthz        ${fmt(pooled(healthz))}`);
    console.log(`POST exchange       ${fmt(pooled(exchange))}`);
    console.log(
      `exchange/healthz    ${median(ratios).toFixed(1)} % median of rounds (${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)} %; target ≥ 60 %)`,
    );
    console.log(`provider fetches    discovery ${op.counts.discovery}, key set ${op.counts.jwks} for the whole run (target ≤ 1 each)`);
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (PROFILE_DIR) {
    const dir = path.resolve(PROFILE_DIR, label);
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
      console.log(`\nCPU profile of the ${label} server (warm-up and both routes): ${path.join(dir, f)}\n${summarise(path.join(dir, f), 15)}`);
    }
  }
}

async function main() {
  ensureFreshBuild(root);
  const op = await startOidcProvider({ idTokenTtl: 3600 });
  try {
    if (ONLY !== "postgresql") await run("SQLite", undefined, op, 3301);
    const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (ONLY === "sqlite") return;
    if (pgUrl) {
      const fresh = await freshPostgres(pgUrl, "bench");
      try {
        await run("PostgreSQL", fresh.url, op, 3302);
      } finally {
        await fresh.drop();
      }
    } else {
      console.log("\n(PostgreSQL skipped: set BENCH_DATABASE_URL=postgresql://… to include it)");
    }
  } finally {
    await op.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
