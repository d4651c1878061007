// README's "Publishing from CI (GitHub Actions)" guide, followed as written:
// an integration from the GitHub Actions preset, the publisher it maps to, and
// the workflow's own exchange step — its shell text taken from README and run
// the way GitHub runs `run:` steps — against scripts/local-ci-issuer.ts, which
// answers ACTIONS_ID_TOKEN_REQUEST_URL as GitHub's token service does.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { appOrigin } from "./support/accounts";
import { deleteIntegrationsAfterEach } from "./support/federation";
import { test, expect } from "./support/fixtures";

const ISSUER_PORT = 4466;
const ISSUER = `http://127.0.0.1:${ISSUER_PORT}`;
const created = deleteIntegrationsAfterEach();

/** The `run: |` block of the workflow step with this name, in README's workflow. */
function workflowStep(name: string): string {
  const lines = readFileSync("README.md", "utf8").split("\n");
  const start = lines.findIndex((line) => line.trim() === `- name: ${name}`);
  expect(start, `README has no workflow step "${name}"`).toBeGreaterThan(-1);
  const run = lines[start + 1];
  expect(run.trim()).toBe("run: |");
  const indent = run.search(/\S/);
  const body: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (line.trim() && line.search(/\S/) <= indent) break;
    body.push(line.slice(indent + 2));
  }
  return body.join("\n");
}

/** Runs a step's shell as GitHub does (`bash --noprofile --norc -eo pipefail`); returns what it exported. */
function runStep(script: string, env: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), "ci-guide-"));
  const githubEnv = path.join(dir, "github-env");
  writeFileSync(githubEnv, "");
  const file = path.join(dir, "step.sh");
  writeFileSync(file, script);
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], {
    // A clean environment, as a runner's step has (Next's types make NODE_ENV required).
    env: { PATH: process.env.PATH!, GITHUB_ENV: githubEnv, ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 30_000,
  });
  const exported = Object.fromEntries(
    readFileSync(githubEnv, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}`, exported };
}

let issuer: ChildProcess | undefined;
const repo = `octo-${randomBytes(4).toString("hex")}/site`;

test.beforeAll(async () => {
  issuer = spawn("node_modules/.bin/tsx", ["scripts/local-ci-issuer.ts", "--port", String(ISSUER_PORT), "--repo", repo], {
    stdio: "ignore",
  });
  await expect
    .poll(() => fetch(`${ISSUER}/.well-known/openid-configuration`).then((r) => r.status, () => 0), { timeout: 20_000 })
    .toBe(200);
});
test.afterAll(() => {
  issuer?.kill();
});

test("the GitHub Actions guide publishes as the workflow's user, and a wrong branch is refused with the condition named", async ({
  adminPage: page,
}) => {
  const origin = appOrigin();
  const admin = (method: string, url: string, data?: unknown) => page.request.fetch(url, { method, data, headers: { origin } });
  expect((await admin("PATCH", "/__api__/v1/system/settings", { "EarlyAccess.IdentityFederation": true })).status()).toBe(200);

  // Step 1: the preset, its placeholders replaced (the issuer is the local stand-in).
  const template = await (await page.request.get("/__api__/v1/oauth/templates/oidc-federation")).json();
  const preset = template.presets.find((p: { id: string }) => p.id === "github-actions");
  const config = JSON.parse(
    JSON.stringify(preset.config).replaceAll("https://CONNECT_SERVER", origin).replaceAll("ORG/REPO", repo).replaceAll("ENV_NAME", "production"),
  );
  const integration = await admin("POST", "/__api__/v1/oauth/integrations", {
    template: "oidc-federation",
    name: `CI guide ${repo}`,
    config: { ...config, issuer: ISSUER, allow_private_issuer: true },
  });
  expect(integration.status(), await integration.text()).toBe(201);
  created.push((await integration.json()).guid);

  // Step 2: the publisher the workflow publishes as.
  const username = `site-ci-${randomBytes(3).toString("hex")}`;
  const user = await admin("POST", "/__api__/v1/users", {
    username,
    user_role: "publisher",
    external_id: `repo:${repo}:environment:production`,
  });
  expect(user.status(), await user.text()).toBe(201);

  // Step 3: the workflow's exchange step, as README has it.
  const step = workflowStep("Exchange the job's ID token for a short-lived API key");
  const env = { ACTIONS_ID_TOKEN_REQUEST_TOKEN: "local", CONNECT_SERVER: origin, OIDC_AUDIENCE: origin };
  const ok = runStep(step, { ...env, ACTIONS_ID_TOKEN_REQUEST_URL: `${ISSUER}/token?api-version=2.0` });
  expect(ok.status, ok.output).toBe(0);
  const key = ok.exported.CONNECT_API_KEY;
  expect(key).toMatch(/^\S{20,}$/);
  expect(ok.output).toContain(`::add-mask::${key}`);
  const me = await page.request.get("/__api__/v1/user", { headers: { authorization: `Key ${key}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).username).toBe(username);

  // The deploy step, when rsconnect-python is installed (it comes from PyPI, which CI does not reach).
  if (spawnSync("rsconnect", ["version"]).status === 0) {
    const deploy = workflowStep("Deploy");
    const site = mkdtempSync(path.join(tmpdir(), "ci-site-"));
    writeFileSync(path.join(site, "index.html"), "<h1>from CI</h1>");
    const deployed = runStep(`cd ${site}/.. && ${deploy.replace("site/", `${path.basename(site)}/`)}`, {
      ...env,
      CONNECT_API_KEY: key,
    });
    expect(deployed.status, deployed.output).toBe(0);
  }

  // A job on another branch: the step fails and prints the refusal, naming the condition.
  const refused = runStep(step, { ...env, ACTIONS_ID_TOKEN_REQUEST_URL: `${ISSUER}/token?ref=refs/heads/feature` });
  expect(refused.status).not.toBe(0);
  expect(refused.output).toContain("claim_condition_failed");
  expect(refused.output).toContain('Failed condition: ref equals \\"refs/heads/main\\"');
  expect(refused.exported.CONNECT_API_KEY).toBeUndefined();
});
