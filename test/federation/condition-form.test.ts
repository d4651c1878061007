// The integration form's draft of required claims and presets: what the
// administrator types becomes the config the shared schema judges.
import { describe, expect, it } from "vitest";
import { configOf, draftOf, labelsOf, placeholderErrors, type ClaimDraft } from "@/components/integrations/config-draft";
import { oidcConfigSchema } from "@/lib/federation/schema";
import { TEMPLATES } from "@/lib/federation/templates";

const template = TEMPLATES["oidc-federation"];
const github = template.presets.find((p) => p.id === "github-actions")!;

describe("required claims in the form", () => {
  it("turns each operator's inputs into the stored condition", () => {
    const draft = draftOf(template, { issuer: "https://idp.example.com", client_id: "c" });
    const rows: ClaimDraft[] = [
      { claim: "environment", operator: "one_of", type: "string", value: "production\n staging \n\n" },
      { claim: "run_attempt", operator: "one_of", type: "number", value: "1\n2" },
      { claim: "sub", operator: "glob", type: "string", value: "repo:org/*:**" },
      { claim: "groups", operator: "contains", type: "string", value: "publishers" },
      { claim: "email", operator: "exists", type: "string", value: "left over" },
      { claim: "email_verified", operator: "equals", type: "boolean", value: "true" },
    ];
    const config = configOf(template, { ...draft, required_claims: rows });
    expect(config.required_claims).toEqual([
      { claim: "environment", operator: "one_of", value: ["production", "staging"] },
      { claim: "run_attempt", operator: "one_of", value: [1, 2] },
      { claim: "sub", operator: "glob", value: "repo:org/*:**" },
      { claim: "groups", operator: "contains", value: "publishers" },
      { claim: "email", operator: "exists" },
      { claim: "email_verified", operator: "equals", value: true },
    ]);
    expect(oidcConfigSchema.safeParse(config).success).toBe(true);
  });

  it("reads a stored condition without an operator as equals, and a one_of list back into lines", () => {
    const draft = draftOf(template, {
      required_claims: [
        { claim: "email_verified", value: true },
        { claim: "environment", operator: "one_of", value: ["a", "b"] },
      ],
    });
    expect(draft.required_claims).toEqual([
      { claim: "email_verified", operator: "equals", type: "boolean", value: "true" },
      { claim: "environment", operator: "one_of", type: "string", value: "a\nb" },
    ]);
  });
});

describe("a preset in the form", () => {
  it("fills the fields, explains each condition, and refuses to save its placeholders", () => {
    const draft = draftOf(template, github.config, github);
    expect(draft.issuer).toBe("https://token.actions.githubusercontent.com");
    expect((draft.required_claims as ClaimDraft[]).map((c) => [c.claim, c.value, c.note])).toEqual([
      ["repository", "ORG/REPO", github.conditions_help[0]],
      ["ref", "refs/heads/main", github.conditions_help[1]],
      ["environment", "ENV_NAME", github.conditions_help[2]],
    ]);
    const labels = labelsOf(template);
    expect(placeholderErrors(github, configOf(template, draft), labels)).toEqual({
      "config.client_id": "Client ID (expected audience) still holds the placeholder CONNECT_SERVER: replace it with your own value",
      "config.required_claims.0.value": "Required claim 1: the value still holds the placeholder ORG/REPO: replace it with your own value",
      "config.required_claims.2.value": "Required claim 3: the value still holds the placeholder ENV_NAME: replace it with your own value",
    });
    const edited = {
      ...draft,
      client_id: "https://connect.example.com",
      required_claims: (draft.required_claims as ClaimDraft[]).map((c) => ({
        ...c,
        value: c.value.replace("ORG/REPO", "octo-org/site").replace("ENV_NAME", "production"),
      })),
    };
    const config = configOf(template, edited);
    expect(placeholderErrors(github, config, labels)).toEqual({});
    expect(oidcConfigSchema.safeParse(config).success).toBe(true);
  });
});
