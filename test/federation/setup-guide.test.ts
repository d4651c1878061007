// The setup guide of each integration page (#14 item 11): what it tells an
// administrator and a publisher, filled in with the integration's values, and
// the README showing the very same snippets (one source for both).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  githubActionsWorkflow,
  guideKindOf,
  rsconnectFederated,
  rsconnectManual,
  setupGuide,
  subjectExample,
  type GuideIntegration,
  type SetupGuide,
} from "@/lib/federation/setup-guide";

const SERVER = "https://connect.example.org";
const snippet = (guide: SetupGuide, id: string) => guide.steps.flatMap((s) => s.snippets).find((s) => s.id === id)?.code ?? "";
const oidc = (config: Record<string, unknown>): GuideIntegration => ({ guid: "g", template: "oidc-federation", config });

describe("the README", () => {
  const readme = readFileSync(path.join(__dirname, "../../README.md"), "utf8");

  it("shows the guide's GitHub Actions workflow and R snippets, character for character", () => {
    expect(readme).toContain(githubActionsWorkflow("https://connect.example.com", "https://connect.example.com", "main", "production"));
    expect(readme).toContain(rsconnectFederated("https://connect.example.org"));
    expect(readme).toContain(rsconnectManual("https://connect.example.org"));
  });
});

describe("a Workbench integration's guide", () => {
  const guide = setupGuide(
    { guid: "g", template: "posit-workbench-federation", config: { issuer: "https://login.example.org/realms/staff", client_id: "workbench-prod", match_claim: "sub" } },
    SERVER,
  );

  it("says what to set in rserver.conf, offline_access included", () => {
    const conf = snippet(guide, "rserver-conf");
    expect(conf).toContain("auth-openid=1\n");
    expect(conf).toContain("auth-openid-issuer=https://login.example.org/realms/staff\n");
    expect(conf).toContain("auth-openid-scopes=offline_access\n");
    expect(conf).toContain("client-id=workbench-prod\n");
    expect(guide.steps[0].text.join(" ")).toMatch(/expires about an hour after sign-in/);
  });

  it("gives rsconnect, rsconnect-python and posit-sdk snippets for this server", () => {
    expect(snippet(guide, "rsconnect-r")).toContain(`rsconnect::addServer("${SERVER}", name = "connect")`);
    expect(snippet(guide, "rsconnect-python")).toContain(`rsconnect login ${SERVER} --identity-token-file id-token.jwt`);
    expect(snippet(guide, "rsconnect-python")).toContain(`export CONNECT_SERVER=${SERVER}\n`);
    expect(snippet(guide, "posit-sdk")).toContain(`SERVER = "${SERVER}"`);
    expect(snippet(guide, "posit-sdk")).toContain("Client(url=SERVER, api_key=");
  });
});

describe("pipeline integrations' guides follow their preset and conditions", () => {
  it("GitHub Actions: the workflow asks for the client ID as audience, on the pinned branch and environment", () => {
    const integration = oidc({
      issuer: "https://token.actions.githubusercontent.com",
      client_id: "https://connect.example.org/ci",
      required_claims: [
        { claim: "repository", operator: "equals", value: "octo-org/site" },
        { claim: "ref", operator: "equals", value: "refs/heads/release" },
        { claim: "environment", operator: "equals", value: "staging" },
      ],
    });
    expect(guideKindOf(integration)).toBe("github-actions");
    expect(subjectExample(integration)).toBe("repo:octo-org/site:environment:staging");
    const workflow = snippet(setupGuide(integration, SERVER), "github-actions");
    expect(workflow).toContain("branches: [release]");
    expect(workflow).toContain("environment: staging #");
    expect(workflow).toContain(`CONNECT_SERVER: ${SERVER} #`);
    expect(workflow).toContain("OIDC_AUDIENCE: https://connect.example.org/ci #");
  });

  it("GitHub Enterprise Server: its own issuer, recognised by the repository condition", () => {
    const integration = oidc({
      issuer: "https://github.example.com/_services/token",
      client_id: SERVER,
      required_claims: [{ claim: "repository", value: "octo-org/site" }, { claim: "environment", value: "production" }],
    });
    expect(guideKindOf(integration)).toBe("github-actions");
    expect(subjectExample(integration)).toBe("repo:octo-org/site:environment:production");
  });

  it("GitHub Actions without an environment: no environment in the workflow, and the ref form of sub", () => {
    const integration = oidc({
      issuer: "https://token.actions.githubusercontent.com",
      client_id: SERVER,
      required_claims: [{ claim: "repository", value: "octo-org/site" }],
    });
    expect(subjectExample(integration)).toBe("repo:octo-org/site:ref:refs/heads/main");
    expect(snippet(setupGuide(integration, SERVER), "github-actions")).not.toContain("environment:");
  });

  it("GitLab CI/CD (self-managed too) and Kubernetes", () => {
    const gitlab = oidc({
      issuer: "https://gitlab.example.com",
      client_id: SERVER,
      required_claims: [
        { claim: "project_path", value: "data/reports" },
        { claim: "ref", value: "main" },
      ],
    });
    expect(guideKindOf(gitlab)).toBe("gitlab-ci");
    expect(subjectExample(gitlab)).toBe("project_path:data/reports:ref_type:branch:ref:main");
    expect(snippet(setupGuide(gitlab, SERVER), "gitlab-ci")).toContain(`aud: ${SERVER} #`);

    const k8s = oidc({
      issuer: "https://oidc.eks.example.com/id/ABC",
      client_id: SERVER,
      required_claims: [{ claim: "sub", operator: "glob", value: "system:serviceaccount:publishing:*" }],
    });
    expect(guideKindOf(k8s)).toBe("kubernetes");
    const job = snippet(setupGuide(k8s, SERVER), "kubernetes");
    expect(job).toContain("namespace: publishing\n");
    expect(job).toContain(`audience: ${SERVER} #`);
  });

  it("any other issuer: the exchange with curl, and the Python clients", () => {
    const guide = setupGuide(oidc({ issuer: "https://idp.example.org", client_id: "reports" }), SERVER);
    expect(guide.kind).toBe("generic");
    expect(snippet(guide, "curl")).toContain(`export CONNECT_SERVER=${SERVER}\ncurl -sS --fail-with-body "$CONNECT_SERVER/__api__/v1/oauth/integrations/credentials"`);
    expect(snippet(guide, "posit-sdk")).not.toBe("");
  });
});
