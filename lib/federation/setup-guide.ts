// The setup guide on each integration's page: what to configure on the other
// side and the exact snippets a publisher runs, with this server's URL and the
// integration's values filled in. The README's snippets are these, for an
// example server (test/federation/setup-guide.test.ts checks they agree).
import type { ClaimCondition } from "./schema";
import { OIDC_TEMPLATE, WORKBENCH_TEMPLATE } from "./schema";
import { TEMPLATES } from "./templates";

export type GuideSnippet = { id: string; title: string; language: "sh" | "r" | "python" | "yaml" | "ini"; code: string };
/** `action`: the page offers to create the service user the step asks for. */
export type GuideStep = { title: string; text: string[]; snippets: GuideSnippet[]; action?: "create-service-user" };
export type SetupGuide = { kind: GuideKind; title: string; intro: string; steps: GuideStep[]; docs_url?: string };
export type GuideKind = "workbench" | "github-actions" | "gitlab-ci" | "kubernetes" | "generic";

/** The integration as the guide needs it (the API's shape). */
export type GuideIntegration = { guid: string; template: string; config: Record<string, unknown> };

const EXCHANGE_PATH = "/__api__/v1/oauth/integrations/credentials";

/**
 * The exchange with curl, as every shell snippet runs it (`tokenExpr` is shell
 * that expands to the ID token; `indent` the continuation lines' indentation).
 */
export function exchangeCommand(tokenExpr: string, indent = ""): string {
  return [
    `curl -sS --fail-with-body "$CONNECT_SERVER${EXCHANGE_PATH}" \\`,
    `${indent}  --data-urlencode grant_type=urn:ietf:params:oauth:grant-type:token-exchange \\`,
    `${indent}  --data-urlencode subject_token_type=urn:ietf:params:oauth:token-type:id_token \\`,
    `${indent}  --data-urlencode "subject_token=${tokenExpr}"`,
  ].join("\n");
}

/**
 * Shell lines that set KEY from an exchange, or print the refusal (its reason
 * and failed condition) and exit: piping curl straight into a JSON reader would
 * swallow the refusal's body. POSIX sh, so the Kubernetes Job can run it too.
 */
function keyFromExchange(tokenExpr: string, indent: string, readKey: string): string {
  return [
    `RESPONSE=$(${exchangeCommand(tokenExpr, indent)}) || { echo "$RESPONSE" >&2; exit 1; }`,
    `${indent}KEY=$(printf '%s' "$RESPONSE" | ${readKey})`,
  ].join("\n");
}

const conditionsOf = (config: Record<string, unknown>): ClaimCondition[] =>
  Array.isArray(config.required_claims) ? (config.required_claims as ClaimCondition[]) : [];

/** The value an `equals` condition on `claim` pins, when there is one and it is a string. */
function pinned(config: Record<string, unknown>, claim: string): string | undefined {
  const c = conditionsOf(config).find((x) => x.claim === claim && (x.operator === undefined || x.operator === "equals"));
  return c && "value" in c && typeof c.value === "string" ? c.value : undefined;
}

/** Which preset an integration follows, judged by what it trusts (presets fill fields; they are not stored). */
export function guideKindOf(integration: GuideIntegration): GuideKind {
  if (integration.template === WORKBENCH_TEMPLATE) return "workbench";
  const { config } = integration;
  const issuer = String(config.issuer ?? "");
  const claims = conditionsOf(config).map((c) => c.claim);
  // By issuer, or by the claims only that provider's tokens have (GitHub Enterprise and self-managed GitLab have their own issuers).
  if (issuer === "https://token.actions.githubusercontent.com" || claims.includes("repository") || claims.includes("repository_owner")) {
    return "github-actions";
  }
  if (issuer === "https://gitlab.com" || claims.includes("project_path") || claims.includes("namespace_path")) return "gitlab-ci";
  const sub = conditionsOf(config).find((c) => c.claim === "sub" && "value" in c && typeof c.value === "string");
  if (sub && "value" in sub && String(sub.value).startsWith("system:serviceaccount:")) return "kubernetes";
  return "generic";
}

const preset = (id: string) => TEMPLATES[OIDC_TEMPLATE].presets.find((p) => p.id === id)!;

/** The external_id a pipeline's service user needs, from the integration's conditions where they pin it. */
export function subjectExample(integration: GuideIntegration): string | undefined {
  const { config } = integration;
  switch (guideKindOf(integration)) {
    case "github-actions": {
      const repo = pinned(config, "repository") ?? "ORG/REPO";
      const env = pinned(config, "environment");
      return env ? `repo:${repo}:environment:${env}` : `repo:${repo}:ref:${pinned(config, "ref") ?? "refs/heads/main"}`;
    }
    case "gitlab-ci":
      return `project_path:${pinned(config, "project_path") ?? "GROUP/PROJECT"}:ref_type:${pinned(config, "ref_type") ?? "branch"}:ref:${pinned(config, "ref") ?? "main"}`;
    case "kubernetes":
      return `system:serviceaccount:${namespaceOf(config)}:NAME`;
    default:
      return undefined;
  }
}

function namespaceOf(config: Record<string, unknown>): string {
  const sub = conditionsOf(config).find((c) => c.claim === "sub" && "value" in c && typeof c.value === "string");
  const m = sub && "value" in sub ? /^system:serviceaccount:([^:*]+):/.exec(String(sub.value)) : null;
  return m?.[1] ?? "NAMESPACE";
}

/** Without an environment GitHub's sub is repo:ORG/REPO:ref:REF instead of repo:ORG/REPO:environment:NAME. */
export function githubActionsWorkflow(server: string, audience: string, branch = "main", environment?: string): string {
  const env = environment ? `\n    environment: ${environment} # GitHub puts it in the token's sub and environment claims` : "";
  return `# .github/workflows/publish.yml
name: Publish
on:
  push:
    branches: [${branch}]
permissions:
  contents: read
  id-token: write # lets the job request an OIDC ID token
jobs:
  publish:
    runs-on: ubuntu-latest${env}
    env:
      CONNECT_SERVER: ${server} # this server
      OIDC_AUDIENCE: ${audience} # the integration's client ID
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install rsconnect-python
      - name: Exchange the job's ID token for a short-lived API key
        run: |
          ID_TOKEN=$(curl -sS --fail-with-body -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" \\
            "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=$OIDC_AUDIENCE" | jq -r .value)
          echo "::add-mask::$ID_TOKEN"
          ${keyFromExchange("$ID_TOKEN", "          ", "jq -r .access_token")}
          echo "::add-mask::$KEY"
          echo "CONNECT_API_KEY=$KEY" >> "$GITHUB_ENV"
      - name: Deploy
        run: rsconnect deploy html --server "$CONNECT_SERVER" --api-key "$CONNECT_API_KEY" site/`;
}

const PY_JSON_KEY = `python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'`;

export function gitlabCiJob(server: string, audience: string, branch = "main"): string {
  return `# .gitlab-ci.yml
publish:
  image: python:3.12
  rules:
    - if: $CI_COMMIT_BRANCH == "${branch}"
  id_tokens:
    CONNECT_ID_TOKEN:
      aud: ${audience} # the integration's client ID
  variables:
    CONNECT_SERVER: ${server}
  script:
    - pip install rsconnect-python
    - |
      ${keyFromExchange("$CONNECT_ID_TOKEN", "      ", PY_JSON_KEY)}
      rsconnect deploy html --server "$CONNECT_SERVER" --api-key "$KEY" site/`;
}

export function kubernetesJob(server: string, audience: string, namespace: string): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: publish
  namespace: ${namespace}
spec:
  template:
    spec:
      serviceAccountName: NAME # the token's sub is system:serviceaccount:${namespace}:NAME
      restartPolicy: Never
      containers:
        - name: publish
          image: IMAGE # holds the content to publish (site/) and rsconnect-python
          env:
            - name: CONNECT_SERVER
              value: ${server}
          command: ["sh", "-c"]
          args:
            - |
              ${keyFromExchange("$(cat /var/run/secrets/connect/token)", "              ", PY_JSON_KEY)}
              rsconnect deploy html --server "$CONNECT_SERVER" --api-key "$KEY" site/
          volumeMounts:
            - name: connect-token
              mountPath: /var/run/secrets/connect
              readOnly: true
      volumes:
        - name: connect-token
          projected:
            sources:
              - serviceAccountToken:
                  audience: ${audience} # the integration's client ID
                  expirationSeconds: 600
                  path: token`;
}

export function workbenchServerConfig(issuer: string, clientId: string): string {
  return `# /etc/rstudio/rserver.conf
auth-openid=1
auth-openid-issuer=${issuer}
# A refresh token keeps the session's ID token fresh, so publishing works after the first hour.
auth-openid-scopes=offline_access

# /etc/rstudio/openid-client-secret (mode 0600)
client-id=${clientId}
client-secret=CLIENT_SECRET`;
}

/** rsconnect 1.8+ exchanges the Workbench session's ID token itself when the account has no key. */
export function rsconnectFederated(server: string): string {
  return `rsconnect::addServer("${server}", name = "connect")
rsconnect::connectUser(server = "connect")   # in Workbench: no browser, no stored key
rsconnect::deployApp("app/", server = "connect")`;
}

/** Any rsconnect: exchange the session's ID token yourself and register the key. */
export function rsconnectManual(server: string): string {
  return `token <- rstudioapi::getIdentityToken()$token   # or Sys.getenv("ID_TOKEN")
res <- httr::POST("${server}${EXCHANGE_PATH}", encode = "form",
  body = list(grant_type = "urn:ietf:params:oauth:grant-type:token-exchange",
              subject_token_type = "urn:ietf:params:oauth:token-type:id_token", subject_token = token))
rsconnect::addConnectServer("${server}", name = "connect")
rsconnect::connectApiUser(account = "alice", server = "connect", apiKey = httr::content(res)$access_token)
rsconnect::deployApp("site/", server = "connect", account = "alice")   # or deployDoc("report.html", …)`;
}

export function rsconnectPython(server: string): string {
  return `# rsconnect-python with login --identity-token (its newest releases) exchanges the token and stores the key:
rsconnect login ${server} --identity-token-file id-token.jwt
rsconnect deploy html site/

# Any release: exchange it yourself and pass the key.
export CONNECT_SERVER=${server}
KEY=$(${exchangeCommand("$(cat id-token.jwt)")} | ${PY_JSON_KEY})
rsconnect deploy html --server "$CONNECT_SERVER" --api-key "$KEY" site/`;
}

export function positSdk(server: string): string {
  return `import os
import requests
from posit.connect import Client

SERVER = "${server}"
# posit-sdk takes an API key: exchange the ID token for a short-lived one first.
res = requests.post(f"{SERVER}${EXCHANGE_PATH}", data={
    "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
    "subject_token_type": "urn:ietf:params:oauth:token-type:id_token",
    "subject_token": os.environ["ID_TOKEN"],
})
res.raise_for_status()
client = Client(url=SERVER, api_key=res.json()["access_token"])
print(client.me["username"])`;
}

const SERVICE_USER_TEXT = (subject: string | undefined, claim: string) =>
  `Create the service user the pipeline publishes as, with ${subject ? `the pipeline's ${claim} (${subject})` : `the token's ${claim}`} as its external ID. It gets keys only by exchange and cannot sign in to the dashboard.`;

/** The whole guide for one integration and this server's public URL. */
export function setupGuide(integration: GuideIntegration, server: string): SetupGuide {
  const { config } = integration;
  const issuer = String(config.issuer ?? "");
  const audience = String(config.client_id ?? "CLIENT_ID");
  const claim = String(config.match_claim ?? "sub");
  const kind = guideKindOf(integration);
  const clients: GuideStep = {
    title: "Publish from Python",
    text: [`With the ID token in a file (id-token.jwt) or in ID_TOKEN; each key lasts as long as the token, at most the server's key lifetime.`],
    snippets: [
      { id: "rsconnect-python", title: "rsconnect-python", language: "sh", code: rsconnectPython(server) },
      { id: "posit-sdk", title: "posit-sdk", language: "python", code: positSdk(server) },
    ],
  };

  if (kind === "workbench") {
    return {
      kind,
      title: "Posit Workbench",
      intro: `Workbench users publish here with the ID token of their Workbench session: no API key to create or store.`,
      docs_url: "https://docs.posit.co/ide/server-pro/authenticating_users/openid_connect_authentication.html",
      steps: [
        {
          title: "On the Workbench server",
          text: [
            `Workbench signs users in with OpenID Connect through the issuer ${issuer}, as OIDC client ${audience} (its tokens carry it in aud). Restart Workbench after editing (sudo rstudio-server restart).`,
            `Without offline_access the session's ID token expires about an hour after sign-in, and exchanges then fail with token_expired.`,
          ],
          snippets: [{ id: "rserver-conf", title: "rserver.conf", language: "ini", code: workbenchServerConfig(issuer, audience) }],
        },
        {
          title: "Users",
          text: [
            `Each Workbench user needs a user here whose external ID is the token's ${claim}. Signing in to this dashboard with single sign-on through the same provider sets it; federation never creates users.`,
          ],
          snippets: [],
        },
        {
          title: "Publish from R",
          text: [`rsconnect 1.8 or later, inside a Workbench session, exchanges the token itself:`],
          snippets: [
            { id: "rsconnect-r", title: "rsconnect (1.8 or later)", language: "r", code: rsconnectFederated(server) },
            { id: "rsconnect-r-manual", title: "rsconnect (any version)", language: "r", code: rsconnectManual(server) },
          ],
        },
        clients,
      ],
    };
  }

  const subject = subjectExample(integration);
  const serviceUser: GuideStep = { title: "The service user", text: [SERVICE_USER_TEXT(subject, claim)], snippets: [], action: "create-service-user" };
  const branch = (ref: string | undefined) => (ref?.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined);
  switch (kind) {
    case "github-actions":
      return {
        kind,
        title: "GitHub Actions",
        intro: `A workflow publishes with the OIDC token GitHub gives each job: nothing is stored in GitHub, and the key expires with the token (about five minutes).`,
        docs_url: preset("github-actions").docs_url,
        steps: [
          serviceUser,
          {
            title: "The workflow",
            text: [`Its audience is this integration's client ID; the branch and environment are the ones its conditions pin.`],
            snippets: [
              {
                id: "github-actions",
                title: "GitHub Actions workflow",
                language: "yaml",
                code: githubActionsWorkflow(server, audience, branch(pinned(config, "ref")), pinned(config, "environment")),
              },
            ],
          },
        ],
      };
    case "gitlab-ci":
      return {
        kind,
        title: "GitLab CI/CD",
        intro: `A job publishes with an ID token from its id_tokens keyword: no CI/CD variable holds a secret.`,
        docs_url: preset("gitlab-ci").docs_url,
        steps: [
          serviceUser,
          {
            title: "The job",
            text: [`Its token's aud is this integration's client ID.`],
            snippets: [{ id: "gitlab-ci", title: ".gitlab-ci.yml", language: "yaml", code: gitlabCiJob(server, audience, pinned(config, "ref")) }],
          },
        ],
      };
    case "kubernetes":
      return {
        kind,
        title: "Kubernetes",
        intro: `A workload publishes with a projected service-account token whose audience is this integration's client ID.`,
        docs_url: preset("kubernetes").docs_url,
        steps: [
          serviceUser,
          {
            title: "The workload",
            text: [`Replace NAME with the service account and IMAGE with an image holding the content and rsconnect-python.`],
            snippets: [{ id: "kubernetes", title: "Job", language: "yaml", code: kubernetesJob(server, audience, namespaceOf(config)) }],
          },
        ],
      };
    default:
      return {
        kind,
        title: "Any OpenID Connect client",
        intro: `A client exchanges an ID token from ${issuer || "the issuer"} whose aud contains ${audience} for a short-lived API key.`,
        steps: [
          { title: "Users", text: [`Each token's ${claim} must equal a user's external ID here.`], snippets: [] },
          {
            title: "The exchange",
            text: [`With the token in ID_TOKEN:`],
            snippets: [{ id: "curl", title: "curl", language: "sh", code: `export CONNECT_SERVER=${server}\n${exchangeCommand("$ID_TOKEN")}` }],
          },
          clients,
        ],
      };
  }
}
