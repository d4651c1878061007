// The generic template's presets, end to end: create an integration from a
// preset (its placeholders replaced), then the token debugger shows every
// condition passing for a matching token and names the one a mismatching token fails.
import { randomBytes, randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { importJWK, SignJWT, type JWTPayload } from "jose";
import { startOidcProvider, type OidcFixture } from "../test/support/oidc-provider";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { deleteIntegrationsAfterEach } from "./support/federation";
import { test, expect } from "./support/fixtures";

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
const created = deleteIntegrationsAfterEach();

/** A token signed by the test provider's key, standing in for the CI provider's. */
async function sign(op: OidcFixture, claims: JWTPayload) {
  const key = op.privateJwk();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: op.issuer, iat: now, nbf: now - 5, exp: now + 300, jti: randomUUID(), ...claims })
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
    .sign(await importJWK(key as never, "RS256"));
}

type Case = {
  preset: string;
  /** Condition values to type, by the accessible name of their input. */
  values: Record<string, string>;
  claims: (audience: string) => JWTPayload;
  mismatch: { claims: JWTPayload; check: string; condition: string };
  /** The setup guide's snippet for the preset. */
  snippet: string;
  /** Whether the conditions pin the whole sub, so the service user's external ID is suggested exactly. */
  subjectSuggested: boolean;
};

const org = unique("octo-org");
const project = `${unique("group")}/app`;
const namespace = unique("publishing");

const cases: Case[] = [
  {
    preset: "GitHub Actions",
    values: { "Must equal (required claim 1)": `${org}/site`, "Must equal (required claim 3)": "production" },
    claims: (aud) => ({
      aud,
      sub: `repo:${org}/site:environment:production`,
      repository: `${org}/site`,
      repository_owner: org,
      ref: "refs/heads/main",
      ref_type: "branch",
      environment: "production",
      event_name: "push",
      workflow: "Publish",
      run_id: "8123456789",
      run_attempt: "1",
      runner_environment: "github-hosted",
    }),
    mismatch: { claims: { ref: "refs/heads/feature" }, check: "claim:ref", condition: 'ref equals "refs/heads/main"' },
    snippet: "github-actions",
    subjectSuggested: true,
  },
  {
    preset: "GitLab CI/CD",
    values: { "Must equal (required claim 1)": project },
    claims: (aud) => ({
      aud,
      sub: `project_path:${project}:ref_type:branch:ref:main`,
      project_path: project,
      namespace_path: project.split("/")[0],
      ref: "main",
      ref_type: "branch",
      ref_path: "refs/heads/main",
      ref_protected: "true",
      pipeline_source: "push",
      runner_id: 1,
    }),
    mismatch: { claims: { ref_type: "tag" }, check: "claim:ref_type", condition: 'ref_type equals "branch"' },
    snippet: "gitlab-ci",
    subjectSuggested: true,
  },
  {
    preset: "Kubernetes service account",
    values: { "Pattern (required claim 1)": `system:serviceaccount:${namespace}:*` },
    claims: (aud) => ({
      aud: [aud],
      sub: `system:serviceaccount:${namespace}:deployer`,
      "kubernetes.io": { namespace, serviceaccount: { name: "deployer", uid: randomUUID() }, pod: { name: "deployer-0", uid: randomUUID() } },
    }),
    mismatch: {
      claims: { sub: `system:serviceaccount:${namespace}-evil:deployer` },
      check: "claim:sub",
      condition: `sub matches "system:serviceaccount:${namespace}:*"`,
    },
    snippet: "kubernetes",
    subjectSuggested: false,
  },
];

async function explain(page: Page, token: string) {
  await page.getByLabel("ID token", { exact: true }).fill(token);
  await page.getByRole("button", { name: "Explain token" }).click();
  return page.getByTestId("token-explanation");
}

for (const c of cases) {
  test(`${c.preset} preset: create, then the debugger passes every condition and names a failing one`, async ({ adminPage: page }) => {
    const op = await startOidcProvider();
    try {
      const audience = `https://connect.example.com/${unique("aud")}`;
      const claims = c.claims(audience);

      await page.goto("/integrations/new?template=oidc-federation");
      await page.getByRole("radio", { name: c.preset }).check();
      await expect(page.getByRole("region", { name: `${c.preset} preset` })).toBeVisible();
      const name = unique(c.preset);
      await page.getByLabel("Name", { exact: true }).fill(name);

      // The placeholders are there to be replaced: saving with them is refused, on their fields.
      await page.getByRole("button", { name: "Create integration" }).click();
      await expect(page.getByText(/still holds the placeholder CONNECT_SERVER/)).toBeVisible();

      // The test provider stands in for the CI provider's issuer.
      await page.getByLabel("Issuer", { exact: true }).fill(op.issuer);
      await page.getByLabel("Client ID (expected audience)", { exact: true }).fill(audience);
      await page.getByLabel("Allow a private issuer").check();
      for (const [label, value] of Object.entries(c.values)) await page.getByLabel(label, { exact: true }).fill(value);
      await page.getByRole("button", { name: "Create integration" }).click();
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      created.push(page.url().split("/").at(-1)!);

      // The pipeline's service user, from the integration page, its sub suggested by the conditions (#15 item 3).
      await page.getByRole("button", { name: "Create a service user…" }).click();
      const dialog = page.getByRole("dialog", { name: "Create the user a token maps to" });
      const externalId = dialog.getByLabel("External ID", { exact: true });
      if (c.subjectSuggested) await expect(externalId).toHaveValue(String(claims.sub));
      await externalId.fill(String(claims.sub));
      await dialog.getByLabel("Username").fill(unique("ci-publisher"));
      await expect(dialog.getByLabel("Service user")).toBeChecked();
      await dialog.getByRole("button", { name: "Create user" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Created the service user" })).toContainText(String(claims.sub));

      // The setup guide: the preset's CI snippet with this integration's audience.
      await page.getByRole("tab", { name: "Setup guide" }).click();
      await expect(page.locator(`[data-snippet="${c.snippet}"] pre`)).toContainText(audience);

      await page.getByRole("tab", { name: "Token debugger" }).click();
      const good = await explain(page, await sign(op, claims));
      await expect(good.getByRole("heading", { name: /This token would be exchanged/ })).toBeVisible();
      const conditions = good.locator('[data-check^="claim:"]');
      await expect(conditions).not.toHaveCount(0);
      for (const check of await conditions.all()) await expect(check.getByText("Pass", { exact: true })).toBeVisible();

      const bad = await explain(page, await sign(op, { ...claims, ...c.mismatch.claims }));
      await expect(bad.getByRole("heading", { name: /This token would be refused/ })).toContainText("claim_condition_failed");
      const failed = bad.locator(`[data-check="${c.mismatch.check}"]`);
      await expect(failed).toContainText("Fail");
      await expect(failed).toContainText(`Failed condition: ${c.mismatch.condition}`);
      await expect(bad.getByTestId("failed-claim")).toHaveText(c.mismatch.check.slice("claim:".length));
      await expectNoSeriousA11yViolations(page);
    } finally {
      await op.close();
    }
  });
}
