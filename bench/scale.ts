// `npm run bench:scale`: does latency stay flat as data grows? Seeds a large
// database (100,000 users, 1,000 integrations of which 900 enabled, 1,000,000
// audit events over 30 days, 200,000 API keys) and a small one (a handful of
// each), runs the production server (scripts/server.ts) on each, and prints
// large ÷ small p50 for every view of issue #13's table, with one client; then
// exchange throughput ÷ /healthz on both. SQLite always; PostgreSQL too when
// BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server. Prints figures;
// passes or fails nothing. BENCH_SCALE=0.1 seeds a tenth, for a quick look;
// BENCH_ONLY=sqlite|postgresql runs one database, BENCH_VIEWS=<regexp> only the
// matching views ("exchange" for the throughput), BENCH_CPU_PROFILE=<dir> profiles each server.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { ensureFreshBuild } from "../scripts/build";
import { summarise } from "./profile";
import { cli, freshPostgres, root, startServer, stopServer, waitFor } from "./support";
import { startOidcProvider, type OidcFixture } from "../test/support/oidc-provider";

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const ONLY = process.env.BENCH_ONLY;
/** A regular expression: only the views (and "exchange") whose names match are measured. */
const VIEWS = new RegExp(process.env.BENCH_VIEWS ?? "");
/** A directory: each server writes a V8 CPU profile there, summarised at the end. */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const AUTH_SECRET = "bench-secret-bench-secret-bench-secret";
const EXCHANGE_USERS = 20;

export type Size = { label: string; users: number; integrations: number; events: number; keys: number };
const LARGE: Size = {
  label: "large",
  users: Math.round(100_000 * SCALE),
  integrations: Math.round(1_000 * SCALE),
  events: Math.round(1_000_000 * SCALE),
  keys: Math.round(200_000 * SCALE),
};
const SMALL: Size = { label: "small", users: EXCHANGE_USERS, integrations: 5, events: 50, keys: 10 };

// Deterministic ids: the admin is user 1 (made by the CLI), seeded users are 2…users+1, integrations 1…n.
const guidOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
/** The integration and the user the per-item views are measured on: one in the middle of each. */
const probeIntegration = (s: Size) => Math.ceil(s.integrations / 2);
const probeUser = (s: Size) => Math.ceil(s.users / 2) + 1;
const THIRTY_DAYS_S = 30 * 24 * 3600;

// ---- seeding, in SQL through the raw drivers: one statement per table, generated rows ----

/** The rows, one INSERT … SELECT per table over `n`, the row number; `t(age)` is the time `age` seconds ago. */
export function seedStatements(s: Size, dialect: "sqlite" | "postgresql"): string[] {
  const series = (count: number, body: string) =>
    dialect === "sqlite"
      ? `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${count}) ${body.replace("FROM_SERIES", "FROM g")}`
      : body.replace("FROM_SERIES", `FROM generate_series(1::bigint, ${count}) AS g(n)`); // bigint: n × a prime overflows int
  const t = (secondsAgo: string) =>
    dialect === "sqlite"
      ? `strftime('%Y-%m-%dT%H:%M:%S.000+00:00', CAST(strftime('%s', 'now') AS INTEGER) - (${secondsAgo}), 'unixepoch')`
      : `(now() AT TIME ZONE 'UTC') - (${secondsAgo}) * interval '1 second'`;
  const pad = (expr: string, width: number) => (dialect === "sqlite" ? `printf('%0${width}d', ${expr})` : `lpad((${expr})::text, ${width}, '0')`);
  const bool = (expr: string) => (dialect === "sqlite" ? `(${expr})` : `(${expr})::boolean`);
  const { users, integrations, events, keys } = s;
  // Spread over ids without clustering: multiplying by a prime mixes consecutive rows.
  const integrationOf = (n: string) => `((${n}) * 7919 % ${integrations} + 1)`;
  const userOf = (n: string) => `((${n}) * 104729 % ${users} + 2)`;
  return [
    series(
      users,
      `INSERT INTO "User" ("guid", "username", "email", "userRole", "externalId", "updatedTime", "activeTime")
       SELECT '00000000-0000-4000-8000-' || ${pad("n + 1", 12)}, 'user-' || ${pad("n", 6)}, 'user' || n || '@example.com',
              CASE WHEN n % 50 = 0 THEN 'publisher' ELSE 'viewer' END, 'sub-' || n, ${t("n % 86400")}, ${t("n % 86400")} FROM_SERIES`,
    ),
    series(
      integrations,
      `INSERT INTO "Integration" ("guid", "name", "description", "template", "enabled", "config", "updatedTime")
       SELECT '00000000-0000-4000-8000-' || ${pad("n", 12)}, 'Workbench ' || ${pad("n", 4)}, 'Seeded', 'posit-workbench-federation',
              ${bool("n % 10 <> 0")}, '{"issuer":"https://idp-' || n || '.example.com","client_id":"workbench"}', ${t("n")} FROM_SERIES`,
    ),
    // Newest last, like a real log: event n happened (events - n) × 2.592 s ago (30 days in all at 1M).
    series(
      events,
      `INSERT INTO "AuditEvent" ("time", "action", "outcome", "reason", "integrationId", "userId", "actorIp", "iss", "matchValue", "jti", "kid")
       SELECT ${t(`(${events} - n) * ${THIRTY_DAYS_S}.0 / ${events}`)},
              CASE WHEN n % 20 = 0 THEN 'api_key.create' ELSE 'federation.exchange' END,
              CASE WHEN n % 7 = 0 THEN 'failure' ELSE 'success' END, CASE WHEN n % 7 = 0 THEN 'token_expired' END,
              ${integrationOf("n")}, ${userOf("n")}, '10.0.0.' || (n % 250),
              'https://idp-' || ${integrationOf("n")} || '.example.com', 'sub-' || (${userOf("n")} - 1), 'jti-' || n, 'kid-1' FROM_SERIES`,
    ),
    // Federated keys mostly, each valid for an hour from its minting over the last 29 days; a few revoked.
    series(
      keys,
      `INSERT INTO "ApiKey" ("lookupId", "keyHash", "userId", "name", "createdTime", "expiresAt", "revokedAt", "integrationId", "tokenIss", "tokenSub")
       SELECT 'seed' || n, 'seeded-key-hash-not-a-real-one', ${userOf("n")}, 'federated', ${t(`n * 7 % ${29 * 86400}`)},
              ${t(`n * 7 % ${29 * 86400} - 3600`)}, CASE WHEN n % 50 = 0 THEN ${t("60")} END,
              CASE WHEN n % 10 < 9 THEN ${integrationOf("n")} END, 'https://idp-' || ${integrationOf("n")} || '.example.com',
              'sub-' || n FROM_SERIES`,
    ),
    "ANALYZE",
  ];
}

export async function seed(s: Size, databaseUrl: string) {
  const started = Date.now();
  const statements = seedStatements(s, databaseUrl.startsWith("file:") ? "sqlite" : "postgresql");
  if (databaseUrl.startsWith("file:")) {
    const conn = new Database(databaseUrl.slice("file:".length));
    conn.pragma("journal_mode = WAL");
    conn.transaction(() => statements.slice(0, -1).forEach((sql) => conn.exec(sql)))();
    conn.exec("ANALYZE");
    conn.close();
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on("error", (err) => console.error(`  seeding connection: ${err.message}`));
    await client.connect();
    await client.query("BEGIN");
    for (const sql of statements.slice(0, -1)) await client.query(sql);
    await client.query("COMMIT");
    // VACUUM sets the visibility map, so index-only scans are index-only, as on a database autovacuum has seen.
    await client.query("VACUUM ANALYZE");
    await client.end();
  }
  console.log(
    `  seeded ${s.label}: ${s.users} users, ${s.integrations} integrations, ${s.events} audit events, ${s.keys} keys in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

// ---- the server ----




type Measured = Map<string, number>;

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** p50 in ms of `SAMPLES` sequential GETs after a few to warm up; the body's size as well. */
async function timeGet(url: string, headers: Record<string, string>): Promise<{ ms: number; bytes: number }> {
  let bytes = 0;
  const times: number[] = [];
  for (let i = 0; i < SAMPLES + 5; i++) {
    const start = performance.now();
    const res = await fetch(url, { headers, redirect: "manual" });
    const body = await res.arrayBuffer();
    const ms = performance.now() - start;
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
    bytes = body.byteLength;
    if (i >= 5) times.push(ms);
  }
  return { ms: p50(times), bytes };
}

async function throughput(opts: autocannon.Options): Promise<number> {
  const r = await autocannon({ connections: 16, duration: 3, ...opts });
  if (r.non2xx || r.errors) throw new Error(`${opts.url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.requests.average;
}

async function measure(label: string, s: Size, databaseUrl: string, op: OidcFixture, port: number): Promise<Measured> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "fed-scale-"));
  const url = databaseUrl === "sqlite" ? `file:${path.join(dataDir, "scale.db")}` : databaseUrl;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    DATABASE_URL: url,
    AUTH_SECRET,
    LOG_LEVEL: "warn",
    PORT: String(port),
    EXCHANGE_RATE_LIMIT_PER_MINUTE: "100000000",
    SETTING_EARLY_ACCESS_IDENTITY_FEDERATION: "true",
    // Keep the seeded ended keys: a prune at start would measure the retention job instead.
    SETTING_RETENTION_API_KEY_GRACE_DAYS: "36500",
  };
  const out: Measured = new Map();
  // The CLI migrates the new database; the admin is user 1.
  const adminKey = cli(env, ["users", "create", "--username", "bench-admin", "--role", "administrator", "--api-key"]);
  await seed(s, url);
  const profileDir = PROFILE_DIR && path.resolve(PROFILE_DIR, `${label}-${s.label}`);
  const server: ChildProcess = startServer(env, profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/healthz`);
    const key = { authorization: `Key ${adminKey}` };
    const session = await encode({ token: { uid: 1, sv: 0, name: "bench-admin" }, secret: AUTH_SECRET });
    const cookie = { cookie: `next-auth.session-token=${session}` };
    const created = await fetch(`${base}/__api__/v1/oauth/integrations`, {
      method: "POST",
      headers: { ...key, "content-type": "application/json" },
      body: JSON.stringify({
        template: "posit-workbench-federation",
        name: "Bench Workbench",
        config: { issuer: op.issuer, client_id: "workbench", allow_private_issuer: true },
      }),
    });
    if (created.status !== 201) throw new Error(`creating the integration failed: ${await created.text()}`);

    const guid = guidOf(probeIntegration(s));
    const userGuid = guidOf(probeUser(s));
    const views: [string, string, Record<string, string>][] = [
      ["integrations list, a page of 25", "/__api__/v1/oauth/integrations?page_number=1&page_size=25", key],
      ["integrations list, all (clients' default)", "/__api__/v1/oauth/integrations", key],
      ["Integrations page (HTML)", "/integrations", cookie],
      ["integration detail API", `/__api__/v1/oauth/integrations/${guid}`, key],
      ["integration detail page", `/integrations/${guid}`, cookie],
      ["activity ?window=7d", `/__api__/v1/oauth/integrations/${guid}/activity?window=7d`, key],
      ["audit integration + failure", `/__api__/v1/audit_logs?integration=${guid}&outcome=failure`, key],
      ["audit ?user=", `/__api__/v1/audit_logs?user=${userGuid}`, key],
      ["users ?prefix=", "/__api__/v1/users?prefix=user-00001", key],
      ["Audit page (HTML), integration filter", `/audit?integration=${guid}`, cookie],
    ];
    for (const [name, pathAndQuery, headers] of views.filter(([name]) => VIEWS.test(name))) {
      const { ms, bytes } = await timeGet(`${base}${pathAndQuery}`, headers);
      out.set(name, ms);
      console.log(`  ${label} ${s.label.padEnd(5)} ${name.padEnd(42)} p50 ${ms.toFixed(1).padStart(7)} ms  ${(bytes / 1024).toFixed(0).padStart(5)} KB`);
    }

    if (!VIEWS.test("exchange ÷ healthz throughput")) return out;
    const bodies: string[] = [];
    for (let i = 1; i <= EXCHANGE_USERS; i++) {
      bodies.push(
        new URLSearchParams({
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
          subject_token: await op.getIdToken(`sub-${i}`),
          requested_token_type: "urn:posit:connect:api-key",
        }).toString(),
      );
    }
    let n = 0;
    const exchange: autocannon.Options = {
      url: `${base}/__api__/v1/oauth/integrations/credentials`,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      requests: [{ setupRequest: (req) => ({ ...req, body: bodies[n++ % bodies.length] }) }],
    };
    const healthz: autocannon.Options = { url: `${base}/healthz` };
    await throughput(healthz); // warm-up
    await throughput(exchange);
    const ratios: number[] = [];
    const rates: string[] = [];
    for (let round = 0; round < 2; round++) {
      const [e, h] = [await throughput(exchange), await throughput(healthz)];
      ratios.push(e / h);
      rates.push(`${e.toFixed(0)}/${h.toFixed(0)}`);
    }
    const ratio = ratios.reduce((a, b) => a + b) / ratios.length;
    out.set("exchange ÷ healthz throughput", ratio);
    console.log(`  ${label} ${s.label.padEnd(5)} ${"exchange ÷ healthz throughput".padEnd(42)} ${ratio.toFixed(2)}  (req/s ${rates.join(", ")})`);
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
    if (profileDir) {
      for (const f of readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"))) {
        console.log(`\nCPU profile of the ${label} ${s.label} server: ${path.join(profileDir, f)}\n${summarise(path.join(profileDir, f), 15)}\n`);
      }
    }
  }
  return out;
}

function report(label: string, small: Measured, large: Measured) {
  console.log(`\n== ${label}: large ÷ small, p50, one client (target ≤ 2; exchange ÷ healthz: large within 10 % of small)`);
  for (const [name, smallValue] of small) {
    const largeValue = large.get(name)!;
    if (name.startsWith("exchange")) {
      console.log(`${name.padEnd(44)} ${smallValue.toFixed(2)} → ${largeValue.toFixed(2)}`);
    } else {
      const ratio = largeValue / smallValue;
      console.log(`${name.padEnd(44)} ${ratio.toFixed(2).padStart(6)}×   (${smallValue.toFixed(1)} → ${largeValue.toFixed(1)} ms)`);
    }
  }
}

async function run(label: string, url: string | undefined, op: OidcFixture, port: number) {
  console.log(`\n== ${label}`);
  const results: Measured[] = [];
  for (const size of [SMALL, LARGE]) {
    const fresh = url ? await freshPostgres(url, `scale_${size.label}`) : undefined;
    try {
      results.push(await measure(label, size, fresh?.url ?? "sqlite", op, port));
    } finally {
      await fresh?.drop();
    }
  }
  report(label, results[0], results[1]);
}

async function main() {
  ensureFreshBuild(root);
  const op = await startOidcProvider({ idTokenTtl: 3600 });
  try {
    if (ONLY !== "postgresql") await run("SQLite", undefined, op, 3311);
    const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (ONLY === "sqlite") return;
    if (pgUrl) await run("PostgreSQL", pgUrl, op, 3312);
    else console.log("\n(PostgreSQL skipped: set BENCH_DATABASE_URL=postgresql://… to include it)");
  } finally {
    await op.close();
  }
}

if (process.argv[1] === import.meta.filename) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
