import { describe, expect, it } from "vitest";
import { checkClaimCondition, conditionHolds, describeCondition, matchesGlob } from "@/lib/federation/claim-conditions";
import { oidcConfigSchema, type ClaimCondition } from "@/lib/federation/schema";

describe("glob", () => {
  const pattern = "repo:org/*:ref:refs/heads/main";

  it("is anchored at both ends and matches one path segment with *", () => {
    expect(matchesGlob(pattern, "repo:org/x:ref:refs/heads/main")).toBe(true);
    expect(matchesGlob(pattern, "repo:org-evil/x:ref:refs/heads/main")).toBe(false);
    expect(matchesGlob(pattern, "repo:org/x:ref:refs/heads/main/extra")).toBe(false);
    expect(matchesGlob(pattern, "xrepo:org/x:ref:refs/heads/main")).toBe(false);
    expect(matchesGlob(pattern, "repo:org/:ref:refs/heads/main")).toBe(true);
  });

  it("never lets * cross / or :", () => {
    expect(matchesGlob("repo:org/*:ref:refs/heads/main", "repo:org/a/b:ref:refs/heads/main")).toBe(false);
    expect(matchesGlob("repo:org/*:ref:refs/heads/main", "repo:org/x:environment:prod:ref:refs/heads/main")).toBe(false);
    expect(matchesGlob("refs/heads/*", "refs/heads/feature/x")).toBe(false);
    expect(matchesGlob("a*", "a:")).toBe(false);
    expect(matchesGlob("*", "")).toBe(true);
  });

  it("lets ** cross / and :", () => {
    expect(matchesGlob("refs/heads/**", "refs/heads/feature/x")).toBe(true);
    expect(matchesGlob("repo:org/repo:**", "repo:org/repo:environment:prod")).toBe(true);
    expect(matchesGlob("repo:org/**", "repo:org-evil/x")).toBe(false);
    expect(matchesGlob("**", "")).toBe(true);
    expect(matchesGlob("a/**/b", "a/x/y:z/b")).toBe(true);
    expect(matchesGlob("a/***", "a/b/c")).toBe(true);
    expect(matchesGlob("a/*/**", "a/b/c/d")).toBe(true);
  });

  it("matches exactly one character, any character, with ?", () => {
    expect(matchesGlob("v?", "v1")).toBe(true);
    expect(matchesGlob("v?", "v")).toBe(false);
    expect(matchesGlob("v?", "v12")).toBe(false);
    expect(matchesGlob("v?", "vé")).toBe(true);
    expect(matchesGlob("v?", "v😀")).toBe(true);
  });

  it("takes every other character literally, regular-expression syntax included", () => {
    expect(matchesGlob("a.b", "a.b")).toBe(true);
    expect(matchesGlob("a.b", "axb")).toBe(false);
    expect(matchesGlob("(a|b)+[c]$", "(a|b)+[c]$")).toBe(true);
    expect(matchesGlob("(a|b)+", "a")).toBe(false);
    expect(matchesGlob("a\\*", "a\\bc")).toBe(true);
    expect(matchesGlob("^a", "a")).toBe(false);
  });

  it("stays fast on inputs that make backtracking matchers explode", () => {
    // A backtracking matcher needs about n^7 steps here; this one n × pattern length.
    const input = "a".repeat(16_000);
    expect(matchesGlob("**a**a**a**a**a**a**b", input)).toBe(false);
    expect(matchesGlob("*a*a*a*a*a*a*b", input)).toBe(false);
    expect(matchesGlob("?".repeat(500) + "b", input)).toBe(false);
    expect(matchesGlob("**a**a**a**a**a**a", input)).toBe(true);
  });
});

const claims = {
  sub: "repo:org/repo:ref:refs/heads/main",
  repository: "org/repo",
  run_number: 42,
  email_verified: true,
  groups: ["admins", "dev", 7, true],
  nothing: null,
};
const holds = (condition: ClaimCondition) => conditionHolds(condition, claims);

describe("operators on string, number, boolean and array claims", () => {
  it("equals (also when no operator is given) compares value and type strictly", () => {
    expect(holds({ claim: "repository", value: "org/repo" })).toBe(true);
    expect(holds({ claim: "repository", operator: "equals", value: "org/repo" })).toBe(true);
    expect(holds({ claim: "repository", operator: "equals", value: "org/Repo" })).toBe(false);
    expect(holds({ claim: "run_number", operator: "equals", value: 42 })).toBe(true);
    expect(holds({ claim: "run_number", operator: "equals", value: "42" })).toBe(false);
    expect(holds({ claim: "email_verified", value: true })).toBe(true);
    expect(holds({ claim: "email_verified", value: "true" })).toBe(false);
    expect(holds({ claim: "groups", value: "admins" })).toBe(false);
    expect(holds({ claim: "missing", value: "x" })).toBe(false);
  });

  it("one_of accepts a scalar claim equal to one of the values", () => {
    expect(holds({ claim: "repository", operator: "one_of", value: ["a/b", "org/repo"] })).toBe(true);
    expect(holds({ claim: "repository", operator: "one_of", value: ["a/b"] })).toBe(false);
    expect(holds({ claim: "run_number", operator: "one_of", value: [41, 42] })).toBe(true);
    expect(holds({ claim: "run_number", operator: "one_of", value: ["42"] })).toBe(false);
    expect(holds({ claim: "email_verified", operator: "one_of", value: [true] })).toBe(true);
    expect(holds({ claim: "email_verified", operator: "one_of", value: [false, "true"] })).toBe(false);
    expect(holds({ claim: "groups", operator: "one_of", value: ["admins"] })).toBe(false);
    expect(holds({ claim: "nothing", operator: "one_of", value: ["null"] })).toBe(false);
  });

  it("glob applies to string claims only", () => {
    expect(holds({ claim: "sub", operator: "glob", value: "repo:org/*:ref:refs/heads/*" })).toBe(true);
    expect(holds({ claim: "sub", operator: "glob", value: "repo:other/*:**" })).toBe(false);
    expect(holds({ claim: "run_number", operator: "glob", value: "4*" })).toBe(false);
    expect(holds({ claim: "email_verified", operator: "glob", value: "t*" })).toBe(false);
    expect(holds({ claim: "groups", operator: "glob", value: "**" })).toBe(false);
    expect(holds({ claim: "missing", operator: "glob", value: "**" })).toBe(false);
  });

  it("contains looks for the value, strictly typed, among an array claim's items", () => {
    expect(holds({ claim: "groups", operator: "contains", value: "admins" })).toBe(true);
    expect(holds({ claim: "groups", operator: "contains", value: 7 })).toBe(true);
    expect(holds({ claim: "groups", operator: "contains", value: true })).toBe(true);
    expect(holds({ claim: "groups", operator: "contains", value: "7" })).toBe(false);
    expect(holds({ claim: "groups", operator: "contains", value: "admin" })).toBe(false);
    // Not a substring test on strings, nor equality on scalars.
    expect(holds({ claim: "repository", operator: "contains", value: "org" })).toBe(false);
    expect(holds({ claim: "run_number", operator: "contains", value: 42 })).toBe(false);
    expect(holds({ claim: "email_verified", operator: "contains", value: true })).toBe(false);
  });

  it("exists needs the claim present and not null, whatever its type", () => {
    for (const claim of ["sub", "run_number", "email_verified", "groups"]) expect(holds({ claim, operator: "exists" })).toBe(true);
    expect(holds({ claim: "nothing", operator: "exists" })).toBe(false);
    expect(holds({ claim: "missing", operator: "exists" })).toBe(false);
    // Inherited properties are not claims.
    expect(holds({ claim: "constructor", operator: "exists" })).toBe(false);
    expect(holds({ claim: "toString", operator: "exists" })).toBe(false);
  });
});

describe("a condition as a check", () => {
  it("names the failed condition and the token's value", () => {
    const check = checkClaimCondition({ claim: "repository", operator: "one_of", value: ["org/a", "org/b"] }, claims);
    expect(check).toMatchObject({ id: "claim:repository", pass: false, actual: "org/repo", expected: { one_of: ["org/a", "org/b"] } });
    expect(check.label).toBe('Claim repository is one of "org/a", "org/b"');
    expect(check.detail).toBe('Failed condition: repository is one of "org/a", "org/b"; the token\'s repository is "org/repo".');
  });

  it("reads an equals condition as before operators existed", () => {
    const check = checkClaimCondition({ claim: "email_verified", value: true }, claims);
    expect(check).toEqual({ id: "claim:email_verified", label: "Claim email_verified equals true", pass: true, expected: true, actual: true, detail: undefined });
    expect(describeCondition({ claim: "sub", operator: "glob", value: "repo:*" })).toBe('sub matches "repo:*"');
    expect(describeCondition({ claim: "groups", operator: "contains", value: "dev" })).toBe('groups contains "dev"');
    expect(describeCondition({ claim: "email", operator: "exists" })).toBe("email is present");
  });
});

describe("schema of a condition", () => {
  const parse = (condition: Record<string, unknown>) =>
    oidcConfigSchema.safeParse({ issuer: "https://idp.example.com", client_id: "c", required_claims: [condition] });
  const fieldsOf = (condition: Record<string, unknown>) => {
    const r = parse(condition);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("keeps a stored condition without an operator as it is", () => {
    const r = parse({ claim: "email_verified", value: true });
    expect(r.success && r.data.required_claims).toEqual([{ claim: "email_verified", value: true }]);
  });

  it("refuses a malformed condition on its field, with a message for its operator", () => {
    expect(fieldsOf({ claim: "env", operator: "one_of", value: "prod" })).toEqual(["required_claims.0.value: must be a list of values for one_of"]);
    expect(fieldsOf({ claim: "env", operator: "one_of", value: [] })).toEqual(["required_claims.0.value: needs at least one value for one_of"]);
    expect(fieldsOf({ claim: "sub", operator: "glob", value: "" })).toEqual(["required_claims.0.value: must not be empty for glob"]);
    expect(fieldsOf({ claim: "sub", operator: "glob", value: 3 })).toEqual(["required_claims.0.value: must be a pattern for glob"]);
    expect(fieldsOf({ claim: "sub", operator: "exists", value: "x" })).toEqual(["required_claims.0.value: must be left out for exists"]);
    expect(fieldsOf({ claim: "sub", operator: "regex", value: ".*" })).toEqual([
      "required_claims.0.operator: must be one of equals, one_of, glob, contains, exists",
    ]);
    expect(fieldsOf({ claim: "groups", operator: "contains", value: ["a"] })).toEqual([
      "required_claims.0.value: must be text, a number or true/false",
    ]);
    expect(fieldsOf({ claim: "sub", operator: "equals" })).toEqual(["required_claims.0.value: must be text, a number or true/false"]);
    expect(fieldsOf({ claim: "sub", operator: "exists" })).toEqual([]);
  });
});
