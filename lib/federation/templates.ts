// The two federation templates as the API describes them (Connect's template shape).
import {
  AUTH_TYPE,
  DEFAULT_ALGS,
  DEFAULT_CLOCK_SKEW,
  DEFAULT_MAX_ROLE,
  MAX_CLOCK_SKEW,
  ASYMMETRIC_ALGS,
  OIDC_TEMPLATE,
  WORKBENCH_TEMPLATE,
  type TemplateId,
} from "./schema";
import { ROLES } from "@/lib/users/schema";

export type TemplateField = {
  key: string;
  name: string;
  description: string;
  type: "string" | "url" | "boolean" | "integer" | "string[]" | "claims" | "choice";
  required: boolean;
  default?: unknown;
  advanced?: boolean;
  options?: readonly string[];
};

const issuerField: TemplateField = {
  key: "issuer",
  name: "Issuer",
  description:
    "The OpenID Connect issuer URL, exactly as it appears in the tokens' iss claim (no trailing-slash normalisation). Its /.well-known/openid-configuration must be reachable from this server.",
  type: "url",
  required: true,
};
const matchClaimField: TemplateField = {
  key: "match_claim",
  name: "Match claim",
  description:
    "The token claim whose value must equal an existing user's external_id (the value of OAuth2.UniqueIdClaim at sign-in). Federation never creates users.",
  type: "string",
  required: false,
  default: "sub",
};
const maxRoleField: TemplateField = {
  key: "max_role",
  name: "Maximum role",
  description:
    "The highest role a key from this integration acts with: an administrator signing in through it acts with this role at most. Keep it as low as its users need.",
  type: "choice",
  required: false,
  default: DEFAULT_MAX_ROLE,
  options: [...ROLES].reverse(),
};
const privateField: TemplateField = {
  key: "allow_private_issuer",
  name: "Allow a private issuer",
  description:
    "Let this server reach an issuer on a private, loopback or link-local address, and over plain http. Only for identity providers inside your network.",
  type: "boolean",
  required: false,
  default: false,
  advanced: true,
};
const singleUseField: TemplateField = {
  key: "single_use_tokens",
  name: "Single-use tokens",
  description:
    "Exchange each token only once while it is valid (by its jti, or the whole token when it has none); a second exchange is refused with token_replayed, on every instance. Leave it off for Posit Workbench: its clients exchange the same token again for each deployment. Turn it on for pipelines that request a fresh token for every exchange.",
  type: "boolean",
  required: false,
  default: false,
  advanced: true,
};

export type TemplatePreset = {
  id: string;
  name: string;
  description: string;
  /** What the form fills in. Upper-case words listed in `placeholders` must be replaced by the administrator. */
  config: Record<string, unknown>;
  placeholders: string[];
  /** Why each filled field has its value, by field key. */
  help: Record<string, string>;
  /** Why each suggested condition, in the order of config.required_claims. */
  conditions_help: string[];
  /** The external_id of the local user a token maps to (the match claim's value). */
  subject_example: string;
  docs_url: string;
};

const AUDIENCE_HELP =
  "The audience the pipeline asks its token for; the token's aud must contain it. Use a value only this server accepts, such as this server's URL (replace https://CONNECT_SERVER), so a token minted for another service cannot be replayed here.";

// Presets of the generic template for the commonest automation issuers. Their
// claim names and subject formats are the ones each provider documents.
const OIDC_PRESETS: TemplatePreset[] = [
  {
    id: "github-actions",
    name: "GitHub Actions",
    description:
      "Let a GitHub Actions workflow publish with its own OIDC token (permissions: id-token: write), pinned to one repository, branch and deployment environment. No secret is stored in GitHub.",
    config: {
      issuer: "https://token.actions.githubusercontent.com",
      client_id: "https://CONNECT_SERVER",
      match_claim: "sub",
      allowed_algs: ["RS256"],
      required_claims: [
        { claim: "repository", operator: "equals", value: "ORG/REPO" },
        { claim: "ref", operator: "equals", value: "refs/heads/main" },
        { claim: "environment", operator: "equals", value: "ENV_NAME" },
      ],
    },
    placeholders: ["CONNECT_SERVER", "ORG/REPO", "ENV_NAME"],
    help: {
      issuer: "GitHub's token issuer for every repository on github.com, exactly as in the tokens' iss.",
      client_id: `${AUDIENCE_HELP} The workflow passes it as the audience parameter when it requests the token (GitHub's default audience, https://github.com/ORG, is shared by every service the organisation trusts).`,
      match_claim:
        "For a job that uses a deployment environment, GitHub's sub is repo:ORG/REPO:environment:ENV_NAME. Create the publisher user that the workflow publishes as with that exact external_id.",
      allowed_algs: "GitHub signs its tokens with RS256.",
      required_claims:
        "Pin the token to what may publish. Each condition is checked on every exchange and named when it fails.",
    },
    conditions_help: [
      "The repository (owner/name) the workflow runs in. Use one_of to allow several.",
      "The branch or tag the workflow runs on. Use glob refs/heads/release/* for release branches, refs/heads/** for any branch.",
      "The deployment environment of the job. Environments can require reviewers and restrict branches in GitHub, so pinning one adds GitHub's own approvals.",
    ],
    subject_example: "repo:ORG/REPO:environment:ENV_NAME",
    docs_url:
      "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect",
  },
  {
    id: "gitlab-ci",
    name: "GitLab CI/CD",
    description:
      "Let a GitLab CI/CD job publish with an ID token from its id_tokens keyword, pinned to one project and branch. Works with gitlab.com and self-managed GitLab.",
    config: {
      issuer: "https://gitlab.com",
      client_id: "https://CONNECT_SERVER",
      match_claim: "sub",
      allowed_algs: ["RS256"],
      required_claims: [
        { claim: "project_path", operator: "equals", value: "GROUP/PROJECT" },
        { claim: "ref_type", operator: "equals", value: "branch" },
        { claim: "ref", operator: "equals", value: "main" },
      ],
    },
    placeholders: ["CONNECT_SERVER", "GROUP/PROJECT"],
    help: {
      issuer: "https://gitlab.com for GitLab.com; for self-managed GitLab, its external URL (e.g. https://gitlab.example.com), exactly as in the tokens' iss.",
      client_id: `${AUDIENCE_HELP} The job sets it as aud under id_tokens in .gitlab-ci.yml.`,
      match_claim:
        "GitLab's sub is project_path:GROUP/PROJECT:ref_type:branch:ref:main. Create the publisher user the job publishes as with that exact external_id.",
      allowed_algs: "GitLab signs its ID tokens with RS256.",
      required_claims: "Pin the token to what may publish. Each condition is checked on every exchange and named when it fails.",
    },
    conditions_help: [
      "The project's full path (group/subgroup/project).",
      "branch or tag: keeps a tag pipeline from passing as a branch of the same name.",
      "The branch (or tag) name, without refs/heads/. Use glob release/* for release branches.",
    ],
    subject_example: "project_path:GROUP/PROJECT:ref_type:branch:ref:main",
    docs_url: "https://docs.gitlab.com/ci/secrets/id_token_authentication/",
  },
  {
    id: "kubernetes",
    name: "Kubernetes service account",
    description:
      "Let a workload publish with its projected service-account token, pinned to one namespace. The cluster's service-account issuer must publish its discovery document and keys (service account issuer discovery).",
    config: {
      issuer: "https://CLUSTER_ISSUER",
      client_id: "https://CONNECT_SERVER",
      match_claim: "sub",
      required_claims: [{ claim: "sub", operator: "glob", value: "system:serviceaccount:NAMESPACE:*" }],
    },
    placeholders: ["CLUSTER_ISSUER", "CONNECT_SERVER", "NAMESPACE"],
    help: {
      issuer:
        "The cluster's service-account issuer (the API server's --service-account-issuer; kubectl get --raw /.well-known/openid-configuration shows it). Managed clusters publish it on a public URL; for an issuer inside your network, also allow a private issuer.",
      client_id: `${AUDIENCE_HELP} The pod requests it as the audience of a projected serviceAccountToken volume.`,
      match_claim:
        "A service-account token's sub is system:serviceaccount:NAMESPACE:NAME. Create the publisher user the workload publishes as with that exact external_id.",
      required_claims: "Pin the token to what may publish. Each condition is checked on every exchange and named when it fails.",
    },
    conditions_help: [
      "Only service accounts of this namespace: * cannot cross the : before the account name, so no other namespace matches.",
    ],
    subject_example: "system:serviceaccount:NAMESPACE:NAME",
    docs_url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#service-account-issuer-discovery",
  },
];

export const TEMPLATES: Record<
  TemplateId,
  { id: TemplateId; name: string; description: string; auth_type: string; fields: TemplateField[]; presets: TemplatePreset[] }
> = {
  [WORKBENCH_TEMPLATE]: {
    id: WORKBENCH_TEMPLATE,
    name: "Posit Workbench Federation",
    description:
      "Trust ID tokens that Posit Workbench obtained from the single sign-on provider it shares with this server, so Workbench users publish without separate credentials.",
    auth_type: AUTH_TYPE,
    fields: [
      issuerField,
      {
        key: "client_id",
        name: "Workbench client ID",
        description: "Workbench's OIDC client ID at the provider; tokens must carry it in aud.",
        type: "string",
        required: true,
      },
      matchClaimField,
      maxRoleField,
      privateField,
      singleUseField,
    ],
    presets: [],
  },
  [OIDC_TEMPLATE]: {
    id: OIDC_TEMPLATE,
    name: "OpenID Connect Federation",
    description: "Trust ID tokens from any OpenID Connect provider, with advanced validation options.",
    auth_type: AUTH_TYPE,
    fields: [
      issuerField,
      {
        key: "client_id",
        name: "Client ID (expected audience)",
        description: "The aud value the tokens must contain.",
        type: "string",
        required: true,
      },
      matchClaimField,
      maxRoleField,
      {
        key: "allowed_algs",
        name: "Allowed signing algorithms",
        description: "Asymmetric algorithms only; none and HMAC are never accepted.",
        type: "string[]",
        required: false,
        default: DEFAULT_ALGS,
        options: ASYMMETRIC_ALGS,
        advanced: true,
      },
      {
        key: "clock_skew",
        name: "Clock skew (seconds)",
        description: `Tolerance for exp, nbf and iat, at most ${MAX_CLOCK_SKEW} seconds.`,
        type: "integer",
        required: false,
        default: DEFAULT_CLOCK_SKEW,
        advanced: true,
      },
      {
        key: "max_token_age",
        name: "Maximum token age (seconds)",
        description: "Refuse tokens issued longer ago than this (iat). Empty: no limit beyond exp.",
        type: "integer",
        required: false,
        default: null,
        advanced: true,
      },
      {
        key: "jwks_uri",
        name: "JWKS URI override",
        description: "Fetch signing keys from this URL instead of the discovery document's jwks_uri.",
        type: "url",
        required: false,
        default: null,
        advanced: true,
      },
      privateField,
      singleUseField,
      {
        key: "required_claims",
        name: "Required claims",
        description:
          "Conditions every token must meet, each on one claim: equals (exact value and type, e.g. email_verified equals true), one of a list, glob (whole value; * matches any run without / or :, ** any run, ? one character), contains (an item of an array claim such as groups), exists.",
        type: "claims",
        required: false,
        default: [],
        advanced: true,
      },
    ],
    presets: OIDC_PRESETS,
  },
};
