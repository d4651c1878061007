// A stand-in for GitHub Actions' token service, to try the CI publishing guide
// (README "Publishing from CI") on one machine, without GitHub:
//
//   npx tsx scripts/local-ci-issuer.ts --repo octo-org/site --environment production
//
// It serves an OpenID discovery document and JWKS on 127.0.0.1 and answers
// GET /token?audience=… with {"value": "<ID token>"}, as the URL in
// ACTIONS_ID_TOKEN_REQUEST_URL does, so the guide's workflow steps run
// unchanged. Any other query parameter replaces the claim of that name
// (`&ref=refs/heads/feature`), to see a refusal. The tokens carry the claims GitHub documents for a job, signed
// with a key that lives only as long as this process. Never trust it anywhere
// but a test server: anyone who can reach the port can mint tokens.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { SignJWT, exportJWK, generateKeyPair } from "jose";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4466" },
    repo: { type: "string", default: "octo-org/site" },
    ref: { type: "string", default: "refs/heads/main" },
    environment: { type: "string", default: "production" },
    actor: { type: "string", default: "octocat" },
  },
});

const port = Number(values.port);
const issuer = `http://127.0.0.1:${port}`;
const repo = values.repo!;
const kid = randomUUID();
const { privateKey, publicKey } = await generateKeyPair("RS256");
const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }] };

// The claim set of a job that runs in a deployment environment, per GitHub's
// "About security hardening with OpenID Connect".
function claims(audience: string, overrides: Record<string, string> = {}): Record<string, unknown> {
  const owner = repo.split("/")[0];
  const environment = values.environment || undefined;
  const workflowRef = `${repo}/.github/workflows/publish.yml@${values.ref}`;
  return {
    sub: environment ? `repo:${repo}:environment:${environment}` : `repo:${repo}:ref:${values.ref}`,
    aud: audience,
    jti: randomUUID(),
    ref: values.ref,
    ref_type: values.ref!.startsWith("refs/tags/") ? "tag" : "branch",
    sha: "0000000000000000000000000000000000000000",
    repository: repo,
    repository_owner: owner,
    repository_visibility: "private",
    actor: values.actor,
    workflow: "Publish",
    workflow_ref: workflowRef,
    job_workflow_ref: workflowRef,
    event_name: "push",
    run_id: String(Date.now()),
    run_number: "1",
    run_attempt: "1",
    runner_environment: "github-hosted",
    ...(environment ? { environment } : {}),
    ...overrides,
  };
}

async function token(audience: string, overrides: Record<string, string>): Promise<string> {
  return new SignJWT(claims(audience, overrides))
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer(issuer)
    .setIssuedAt()
    .setNotBefore("0s")
    .setExpirationTime("5m")
    .sign(privateKey);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", issuer);
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  if (url.pathname === "/.well-known/openid-configuration") {
    return send(200, {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks`,
      response_types_supported: ["id_token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      claims_supported: Object.keys(claims("")),
    });
  }
  if (url.pathname === "/.well-known/jwks") return send(200, jwks);
  if (url.pathname === "/token") {
    const audience = url.searchParams.get("audience");
    if (!audience) return send(400, { error: "audience is required" });
    const overrides = Object.fromEntries([...url.searchParams].filter(([name]) => name !== "audience"));
    token(audience, overrides).then(
      (value) => send(200, { count: 1, value }),
      (error: unknown) => send(500, { error: String(error) }),
    );
    return;
  }
  send(404, { error: "not found" });
});

server.listen(port, "127.0.0.1", () => {
  console.log(`Local CI issuer: ${issuer} (repository ${repo}, ref ${values.ref}, environment ${values.environment || "none"})`);
  console.log(`  export ACTIONS_ID_TOKEN_REQUEST_URL='${issuer}/token?' ACTIONS_ID_TOKEN_REQUEST_TOKEN=local`);
  console.log(`  sub: ${claims("").sub}`);
});
