// End-to-end tests: a real Chromium against the built server (`next build` runs
// before this, in `npm test`), on databases created fresh for each run.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { SYSTEM_CHROMIUM } from "./e2e/support/browser";
import { OIDC_ISSUER, SSO_CLIENT } from "./e2e/support/oidc";
import { appUrl, POSTGRESQL_PROJECT, postgresqlServer, sqliteServer, WORKERS } from "./e2e/support/servers";

const OIDC_PORT = new URL(OIDC_ISSUER).port;

// The config is evaluated again in each worker: they inherit the runner's directory and database name.
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "fed-e2e-"));
if (process.env.TEST_DATABASE_URL) process.env.E2E_PG_DATABASE ??= `fed_e2e_${randomBytes(4).toString("hex")}`;
const POSTGRESQL_SERVER = postgresqlServer();
const SERVERS = [...Array.from({ length: WORKERS }, (_, i) => sqliteServer(i)), ...(POSTGRESQL_SERVER ? [POSTGRESQL_SERVER] : [])];
for (const { dataDir } of SERVERS) mkdirSync(dataDir, { recursive: true });

export default defineConfig({
  testDir: "e2e",
  // A spec file runs in order on one worker; files are spread over the workers, each
  // with its own app server (e2e/support/servers.ts says how many).
  fullyParallel: false,
  workers: WORKERS,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  globalTeardown: "./e2e/support/global-teardown.ts",
  use: {
    // Each worker's own server: the `baseURL` fixture (e2e/support/fixtures.ts) picks it.
    baseURL: appUrl(0),
    // A failing test keeps its trace (actions, network, console), a screenshot and the page's ARIA
    // snapshot (error-context.md). No DOM snapshots or screencast: taken for every action of every
    // test and then discarded, they cost more than the tests' own work on two cores.
    // `--trace on` records everything when you need to step through a run.
    trace: { mode: "retain-on-failure", screenshots: false, snapshots: false },
    screenshot: "only-on-failure",
    // Skeletons stop pulsing (motion-reduce:animate-none): no frames drawn for nobody to see.
    reducedMotion: "reduce",
  },
  projects: [
    // The first-run flow needs the empty database, so it runs before everything else.
    { name: "first-run", testMatch: /setup-and-sign-in\.spec\.ts/, use: { ...devices["Desktop Chrome"] } },
    {
      name: "chromium",
      testIgnore: /setup-and-sign-in\.spec\.ts/,
      dependencies: ["first-run"],
      use: { ...devices["Desktop Chrome"] },
    },
    // The fuzz spec again, against the server on PostgreSQL, when there is one (e2e/support/servers.ts).
    ...(POSTGRESQL_SERVER ? [{ name: POSTGRESQL_PROJECT, testMatch: /fuzz\.spec\.ts/, use: { ...devices["Desktop Chrome"] } }] : []),
  ].map((project) => ({
    ...project,
    use: {
      ...project.use,
      launchOptions: {
        executablePath: SYSTEM_CHROMIUM,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          // Fewer processes and waits on two cores: the compositor in the browser process, and no
          // holding of the old page's paint across a navigation. In `chromium --headless` they took
          // the accessibility and users specs from 123 s to 114 s; the headless shell gains little.
          "--in-process-gpu",
          "--disable-features=PaintHolding",
        ],
      },
    },
  })),
  webServer: [
    {
      // A real OpenID Provider: dashboard single sign-on, and the ID tokens the federation tests exchange.
      command: [
        `node_modules/.bin/tsx test/support/oidc-provider.ts --port ${OIDC_PORT}`,
        `--client-id ${SSO_CLIENT.id} --client-secret ${SSO_CLIENT.secret}`,
        ...SERVERS.map(({ url }) => `--redirect-uri ${url}/api/auth/callback/sso`),
      ].join(" "),
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    ...SERVERS.map(({ url, dataDir, databaseUrl }) => ({
      // Our server, as `npm start` runs it: it gives the app each request's peer address. On
      // PostgreSQL, a wrapper creates the run's database first and drops it after SIGTERM.
      ...(databaseUrl.startsWith("file:")
        ? { command: "node_modules/.bin/tsx scripts/server.ts" }
        : { command: "node_modules/.bin/tsx e2e/support/postgresql-app-server.ts", gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 } }),
      url: `${url}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
      env: {
        PORT: new URL(url).port,
        // The server writes its setup code here (e2e/support/accounts.ts reads it).
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        // Pin what the tests depend on, whatever the caller's environment holds. PostgreSQL
        // requires a shared secret; with SQLite the server makes its own in DATA_DIR.
        PUBLIC_URL: "",
        AUTH_SECRET: databaseUrl.startsWith("file:") ? "" : `e2e-${randomBytes(24).toString("hex")}`,
        SSO_ISSUER: OIDC_ISSUER,
        SSO_CLIENT_ID: SSO_CLIENT.id,
        SSO_CLIENT_SECRET: SSO_CLIENT.secret,
        SSO_NAME: "Test SSO",
        SIGN_IN_RATE_LIMIT_PER_MINUTE: "1000",
        LOG_LEVEL: "warn",
      },
    })),
  ],
});
