// Publishing from CI and workloads: tokens shaped exactly like GitHub Actions',
// GitLab CI's and Kubernetes' (their documented claim sets), signed by a test
// issuer standing in for theirs, against integrations created from the presets.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JWTPayload } from "jose";
import { db } from "@/lib/db";
import { AUTH_TYPE } from "@/lib/federation/schema";
import { TEMPLATES } from "@/lib/federation/templates";
import * as list from "@/app/%5F_api__/v1/oauth/integrations/route";
import * as one from "@/app/%5F_api__/v1/oauth/integrations/[guid]/route";
import * as explain from "@/app/%5F_api__/v1/oauth/integrations/explain/route";
import * as templates from "@/app/%5F_api__/v1/oauth/templates/route";
import { startOidcProvider, type OidcFixture } from "../support/oidc-provider";
import { call, makeUser, unique } from "../support/fixtures";
import { exchange, exchangeForm, expectRejected, setFederation, signToken } from "../support/federation";

let op: OidcFixture;
let admin: Awaited<ReturnType<typeof makeUser>>;
const created: string[] = [];

beforeAll(async () => {
  op = await startOidcProvider();
  admin = await makeUser({ role: "administrator" });
  await setFederation(true);
});

afterAll(async () => {
  for (const guid of created) await call(one.DELETE, { method: "DELETE", key: admin.key, params: { guid } });
  await op?.close();
});

const presetOf = (id: string) => TEMPLATES["oidc-federation"].presets.find((p) => p.id === id)!;

/** Creates an integration through the API from a preset, its placeholders replaced as an administrator would. */
async function createFromPreset(id: string, replacements: Record<string, string>, configOverrides: Record<string, unknown> = {}) {
  const preset = presetOf(id);
  let json = JSON.stringify(preset.config);
  for (const [placeholder, value] of Object.entries(replacements)) json = json.split(placeholder).join(value);
  for (const placeholder of preset.placeholders) expect(json).not.toContain(placeholder);
  const config = { ...JSON.parse(json), issuer: op.issuer, allow_private_issuer: true, ...configOverrides };
  const res = await call(list.POST, {
    method: "POST",
    key: admin.key,
    body: { template: "oidc-federation", name: unique(preset.name), config },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  created.push(res.body.guid);
  return res.body as { guid: string; id: string; config: Record<string, unknown> };
}

const now = () => Math.floor(Date.now() / 1000);

/** The claims GitHub documents for a job in a deployment environment. */
function githubClaims(org: string, repo: string, over: JWTPayload = {}): JWTPayload {
  const environment = (over.environment as string) ?? "production";
  return {
    jti: randomUUID(),
    sub: `repo:${org}/${repo}:environment:${environment}`,
    environment,
    ref: "refs/heads/main",
    sha: "d6f5c1b2e7a84c4f9a1e0b3c2d5f6a7b8c9d0e1f",
    repository: `${org}/${repo}`,
    repository_owner: org,
    repository_owner_id: "65",
    repository_id: "74",
    repository_visibility: "private",
    actor_id: "12",
    actor: "octocat",
    run_id: "8123456789",
    run_number: "10",
    run_attempt: "1",
    runner_environment: "github-hosted",
    workflow: "Publish",
    head_ref: "",
    base_ref: "",
    event_name: "push",
    ref_type: "branch",
    ref_protected: "true",
    workflow_ref: `${org}/${repo}/.github/workflows/publish.yml@refs/heads/main`,
    workflow_sha: "d6f5c1b2e7a84c4f9a1e0b3c2d5f6a7b8c9d0e1f",
    job_workflow_ref: `${org}/${repo}/.github/workflows/publish.yml@refs/heads/main`,
    job_workflow_sha: "d6f5c1b2e7a84c4f9a1e0b3c2d5f6a7b8c9d0e1f",
    nbf: now() - 5,
    iat: now(),
    exp: now() + 300,
    ...over,
  };
}

/** The claims GitLab documents for a CI/CD job's id_tokens. */
function gitlabClaims(project: string, over: JWTPayload = {}): JWTPayload {
  const ref = (over.ref as string) ?? "main";
  const refType = (over.ref_type as string) ?? "branch";
  return {
    namespace_id: "72",
    namespace_path: project.split("/")[0],
    project_id: "20",
    project_path: project,
    user_id: "1",
    user_login: "sample-user",
    user_email: "sample-user@example.com",
    user_access_level: "developer",
    pipeline_id: "574",
    pipeline_source: "push",
    job_id: "302",
    ref,
    ref_type: refType,
    ref_path: `refs/${refType === "tag" ? "tags" : "heads"}/${ref}`,
    ref_protected: "true",
    environment: "production",
    environment_protected: "true",
    deployment_tier: "production",
    environment_action: "start",
    runner_id: 1,
    runner_environment: "gitlab-hosted",
    sha: "714a629c0b401fdce83e847fc9589983fc6f46bc",
    project_visibility: "private",
    ci_config_ref_uri: `gitlab.com/${project}//.gitlab-ci.yml@refs/heads/main`,
    ci_config_sha: "714a629c0b401fdce83e847fc9589983fc6f46bc",
    jti: randomUUID(),
    iat: now(),
    nbf: now() - 5,
    exp: now() + 3600,
    sub: `project_path:${project}:ref_type:${refType}:ref:${ref}`,
    ...over,
  };
}

/** A projected service-account token, as the kubelet mounts it. */
function kubernetesClaims(namespace: string, account: string, over: JWTPayload = {}): JWTPayload {
  return {
    jti: randomUUID(),
    "kubernetes.io": {
      namespace,
      node: { name: "node-1", uid: randomUUID() },
      pod: { name: `${account}-7d9f8b6c5-x2x4q`, uid: randomUUID() },
      serviceaccount: { name: account, uid: randomUUID() },
      warnafter: now() + 3000,
    },
    sub: `system:serviceaccount:${namespace}:${account}`,
    iat: now(),
    nbf: now(),
    exp: now() + 3600,
    ...over,
  };
}

/** Exchanges, expecting the condition named in the response and in the failure's audit event. */
async function expectConditionFailed(token: string, condition: string) {
  const res = await expectRejected(exchangeForm(token), 401, "claim_condition_failed");
  expect(res.body.error).toContain(`Failed condition: ${condition}`);
  const event = await db.auditEvent.findFirst({ where: { action: "federation.exchange" }, orderBy: { id: "desc" } });
  expect(JSON.parse(event!.details!).message).toContain(`Failed condition: ${condition}`);
}

describe("GitHub Actions preset", () => {
  const org = unique("octo-org");
  const repo = "site";
  const audience = `https://connect.example.com/${unique("gh")}`;
  const aud = { aud: audience };
  const header = { typ: "JWT", x5t: "cc413527-173f-5a05-976e-9c52b1d7b431" };
  let sub: string;

  beforeAll(async () => {
    await createFromPreset("github-actions", { "https://CONNECT_SERVER": audience, "ORG/REPO": `${org}/${repo}`, ENV_NAME: "production" });
    sub = `repo:${org}/${repo}:environment:production`;
    await makeUser({ role: "publisher", externalId: sub });
  });

  it("accepts the workflow's token when repository, ref and environment hold", async () => {
    const res = await exchange(exchangeForm(await signToken(op, githubClaims(org, repo, aud), header)));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const key = await db.apiKey.findFirst({ where: { tokenSub: sub }, orderBy: { id: "desc" } });
    expect(key?.tokenIss).toBe(op.issuer);
  });

  it("refuses another repository of another owner, naming the condition", async () => {
    const token = await signToken(op, { ...githubClaims(`${org}-evil`, repo, aud), sub }, header);
    await expectConditionFailed(token, `repository equals "${org}/${repo}"`);
  });

  it("refuses another branch, naming the condition", async () => {
    await expectConditionFailed(
      await signToken(op, githubClaims(org, repo, { ...aud, ref: "refs/heads/feature" }), header),
      'ref equals "refs/heads/main"',
    );
  });

  it("refuses another environment, naming the condition", async () => {
    const token = await signToken(op, { ...githubClaims(org, repo, { ...aud, environment: "staging" }), sub }, header);
    await expectConditionFailed(token, 'environment equals "production"');
  });

  it("refuses a job without an environment (no environment claim)", async () => {
    const claims = githubClaims(org, repo, aud);
    delete claims.environment;
    const res = await expectRejected(exchangeForm(await signToken(op, { ...claims, sub }, header)), 401, "claim_condition_failed");
    expect(res.body.error).toContain("the token's environment is null");
  });

  it("refuses a token requested for GitHub's default audience", async () => {
    await expectRejected(exchangeForm(await signToken(op, githubClaims(org, repo, { aud: `https://github.com/${org}` }), header)), 401, "audience_mismatch");
  });
});

describe("GitHub Actions with a glob on sub", () => {
  const org = unique("org");
  const audience = `https://connect.example.com/${unique("gh-glob")}`;

  beforeAll(async () => {
    await createFromPreset(
      "github-actions",
      { "https://CONNECT_SERVER": audience, "ORG/REPO": `${org}/x`, ENV_NAME: "production" },
      { required_claims: [{ claim: "sub", operator: "glob", value: `repo:${org}/*:ref:refs/heads/main` }] },
    );
  });

  const tokenWithSub = async (sub: string) => {
    const claims = githubClaims(org, "x", { aud: audience, sub });
    delete claims.environment;
    return signToken(op, claims);
  };

  it("accepts any repository of the owner on main", async () => {
    for (const repo of ["x", "y"]) {
      const sub = `repo:${org}/${repo}:ref:refs/heads/main`;
      await makeUser({ role: "publisher", externalId: sub });
      const res = await exchange(exchangeForm(await tokenWithSub(sub)));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  });

  it("refuses a look-alike owner, a longer ref, a nested path and another ref", async () => {
    for (const sub of [
      `repo:${org}-evil/x:ref:refs/heads/main`,
      `repo:${org}/x:ref:refs/heads/main/extra`,
      `repo:${org}/x/y:ref:refs/heads/main`,
      `repo:${org}/x:ref:refs/heads/mainline`,
      `repo:${org}/x:environment:production:ref:refs/heads/main`,
    ]) {
      await makeUser({ role: "publisher", externalId: sub });
      await expectConditionFailed(await tokenWithSub(sub), `sub matches "repo:${org}/*:ref:refs/heads/main"`);
    }
  });
});

describe("GitLab CI preset", () => {
  const project = `${unique("group")}/app`;
  const audience = `https://connect.example.com/${unique("gl")}`;
  const aud = { aud: audience };
  const sub = `project_path:${project}:ref_type:branch:ref:main`;

  beforeAll(async () => {
    await createFromPreset("gitlab-ci", { "https://CONNECT_SERVER": audience, "GROUP/PROJECT": project });
    await makeUser({ role: "publisher", externalId: sub });
  });

  it("accepts the job's token when project, ref type and ref hold", async () => {
    const res = await exchange(exchangeForm(await signToken(op, gitlabClaims(project, aud), { typ: "JWT" })));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it("refuses another project, a tag of the same name and another branch, naming each condition", async () => {
    await expectConditionFailed(await signToken(op, { ...gitlabClaims(`${project}-fork`, aud), sub }), `project_path equals "${project}"`);
    await expectConditionFailed(await signToken(op, { ...gitlabClaims(project, { ...aud, ref_type: "tag" }), sub }), 'ref_type equals "branch"');
    await expectConditionFailed(await signToken(op, { ...gitlabClaims(project, { ...aud, ref: "develop" }), sub }), 'ref equals "main"');
  });
});

describe("Kubernetes preset", () => {
  const namespace = unique("publishing");
  const audience = `https://connect.example.com/${unique("k8s")}`;
  const aud = { aud: [audience] };

  beforeAll(async () => {
    await createFromPreset("kubernetes", { "https://CLUSTER_ISSUER": op.issuer, "https://CONNECT_SERVER": audience, NAMESPACE: namespace });
  });

  it("accepts a service account of the namespace", async () => {
    await makeUser({ role: "publisher", externalId: `system:serviceaccount:${namespace}:deployer` });
    const res = await exchange(exchangeForm(await signToken(op, kubernetesClaims(namespace, "deployer", aud))));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it("refuses other namespaces, including ones that try to reach across the separator", async () => {
    for (const sub of [
      `system:serviceaccount:${namespace}-evil:deployer`,
      `system:serviceaccount:${namespace}:deployer:extra`,
      `system:serviceaccount:kube-system:${namespace}`,
    ]) {
      await makeUser({ role: "publisher", externalId: sub });
      await expectConditionFailed(
        await signToken(op, { ...kubernetesClaims(namespace, "deployer", aud), sub }),
        `sub matches "system:serviceaccount:${namespace}:*"`,
      );
    }
  });
});

describe("token debugger", () => {
  it("shows every condition, passing and failing, with the failure named", async () => {
    const org = unique("dbg");
    const audience = `https://connect.example.com/${unique("dbg")}`;
    const integration = await createFromPreset("github-actions", {
      "https://CONNECT_SERVER": audience,
      "ORG/REPO": `${org}/r`,
      ENV_NAME: "production",
    });
    const token = await signToken(op, githubClaims(org, "r", { aud: audience, ref: "refs/heads/dev" }));
    const res = await call(explain.POST, { method: "POST", key: admin.key, body: { token, integration_guid: integration.guid } });
    expect(res.status).toBe(200);
    const conditions = res.body.checks.filter((c: { id: string }) => c.id.startsWith("claim:"));
    expect(conditions).toEqual([
      expect.objectContaining({ id: "claim:repository", status: "pass", label: `Claim repository equals "${org}/r"` }),
      expect.objectContaining({
        id: "claim:ref",
        status: "fail",
        reason: "claim_condition_failed",
        expected: "refs/heads/main",
        actual: "refs/heads/dev",
        fix: expect.stringContaining('Failed condition: ref equals "refs/heads/main"'),
      }),
      expect.objectContaining({ id: "claim:environment", status: "pass" }),
    ]);
    expect(res.body.reason).toBe("claim_condition_failed");
  });
});

describe("conditions at save", () => {
  const body = (required_claims: unknown[]) => ({
    template: "oidc-federation",
    name: unique("conditions"),
    config: { issuer: "https://idp.example.com", client_id: "c", required_claims },
  });

  it("refuses malformed conditions with a field error", async () => {
    const res = await call(list.POST, {
      method: "POST",
      key: admin.key,
      body: body([
        { claim: "environment", operator: "one_of", value: "production" },
        { claim: "sub", operator: "glob", value: "" },
        { claim: "email", operator: "exists", value: true },
        { claim: "sub", operator: "regex", value: "^repo:.*$" },
      ]),
    });
    expect(res.status).toBe(400);
    expect(res.body.payload.fields).toEqual([
      { field: "config.required_claims.0.value", message: "must be a list of values for one_of" },
      { field: "config.required_claims.1.value", message: "must not be empty for glob" },
      { field: "config.required_claims.2.value", message: "must be left out for exists" },
      { field: "config.required_claims.3.operator", message: "must be one of equals, one_of, glob, contains, exists" },
    ]);
  });

  it("refuses them on PATCH too, and saves each operator when well formed", async () => {
    const conditions = [
      { claim: "environment", operator: "one_of", value: ["production", "staging"] },
      { claim: "sub", operator: "glob", value: "repo:org/*:**" },
      { claim: "groups", operator: "contains", value: "publishers" },
      { claim: "email", operator: "exists" },
      { claim: "email_verified", operator: "equals", value: true },
    ];
    const res = await call(list.POST, { method: "POST", key: admin.key, body: body(conditions) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    created.push(res.body.guid);
    expect(res.body.config.required_claims).toEqual(conditions);
    const patch = await call(one.PATCH, {
      method: "PATCH",
      key: admin.key,
      params: { guid: res.body.guid },
      body: { config: { required_claims: [{ claim: "environment", operator: "one_of", value: [] }] } },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.payload.fields).toEqual([{ field: "config.required_claims.0.value", message: "needs at least one value for one_of" }]);
  });
});

describe("integrations stored before operators existed", () => {
  it("keep their exact required_claims and behave as before", async () => {
    // The row exactly as earlier versions wrote it: conditions without an operator.
    const stored = JSON.stringify({
      issuer: op.issuer,
      client_id: "legacy-client",
      match_claim: "sub",
      allow_private_issuer: true,
      allowed_algs: ["RS256"],
      clock_skew: 60,
      max_token_age: null,
      jwks_uri: null,
      required_claims: [
        { claim: "email_verified", value: true },
        { claim: "hd", value: "example.com" },
      ],
    });
    const row = await db.integration.create({
      data: { guid: randomUUID(), name: unique("legacy"), description: "", template: "oidc-federation", authType: AUTH_TYPE, enabled: true, config: stored },
    });
    created.push(row.guid);
    const got = await call(one.GET, { key: admin.key, params: { guid: row.guid } });
    // Unchanged, plus the options added since, at their defaults (the role cap, single-use tokens off).
    expect(got.body.config).toEqual({ ...JSON.parse(stored), max_role: "publisher", single_use_tokens: false });

    const sub = unique("legacy-sub");
    await makeUser({ role: "publisher", externalId: sub });
    const good = { aud: "legacy-client", sub, email_verified: true, hd: "example.com" };
    expect((await exchange(exchangeForm(await signToken(op, good)))).status).toBe(200);
    const res = await expectRejected(exchangeForm(await signToken(op, { ...good, email_verified: "true" })), 401, "claim_condition_failed");
    expect(res.body.error).toContain("Failed condition: email_verified equals true");
    await expectRejected(exchangeForm(await signToken(op, { ...good, hd: undefined })), 401, "claim_condition_failed");

    // An unrelated edit leaves the stored conditions as they were.
    const patched = await call(one.PATCH, { method: "PATCH", key: admin.key, params: { guid: row.guid }, body: { description: "edited" } });
    expect(patched.status).toBe(200);
    expect(JSON.parse((await db.integration.findUnique({ where: { id: row.id } }))!.config).required_claims).toEqual(JSON.parse(stored).required_claims);
    expect((await exchange(exchangeForm(await signToken(op, good)))).status).toBe(200);
  });
});

describe("templates endpoint", () => {
  it("lists the presets of the generic template, each explaining what it fills in", async () => {
    const res = await call(templates.GET, { key: admin.key });
    expect(res.status).toBe(200);
    const oidc = res.body.find((t: { id: string }) => t.id === "oidc-federation");
    expect(oidc.presets.map((p: { id: string }) => p.id)).toEqual(["github-actions", "gitlab-ci", "kubernetes"]);
    const github = oidc.presets[0];
    expect(github).toMatchObject({
      name: "GitHub Actions",
      config: { issuer: "https://token.actions.githubusercontent.com", match_claim: "sub" },
      subject_example: "repo:ORG/REPO:environment:ENV_NAME",
    });
    expect(github.config.required_claims.map((c: { claim: string }) => c.claim)).toEqual(["repository", "ref", "environment"]);
    expect(oidc.presets[1].config.required_claims.map((c: { claim: string }) => c.claim)).toEqual(["project_path", "ref_type", "ref"]);
    expect(oidc.presets[2].subject_example).toBe("system:serviceaccount:NAMESPACE:NAME");
    for (const preset of oidc.presets) {
      for (const key of Object.keys(preset.config)) expect(preset.help[key], `${preset.id}.${key}`).toEqual(expect.any(String));
      expect(preset.conditions_help).toHaveLength(preset.config.required_claims.length);
    }
    expect(res.body.find((t: { id: string }) => t.id === "posit-workbench-federation").presets).toEqual([]);
  });
});
