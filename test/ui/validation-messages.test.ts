// Every shared schema's failure messages read as words for a person: none of
// zod's raw phrases ("Too big: expected string to have <=256 characters").
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as audit from "@/lib/audit/schema";
import * as content from "@/lib/content/schema";
import * as federation from "@/lib/federation/schema";
import * as keys from "@/lib/keys/schema";
import * as settings from "@/lib/settings/schema";
import * as users from "@/lib/users/schema";

const RAW = /expected|received|too big|too small|invalid input|invalid option|invalid type/i;

const BAD_VALUES: unknown[] = [
  undefined,
  null,
  "",
  " ",
  "x",
  "not an email",
  "x".repeat(100_000),
  "has space?#",
  -1,
  0,
  1.5,
  1e12,
  Number.NaN,
  true,
  [],
  ["x", 1],
  new Array(600).fill("x"),
  {},
  { surprise: 1 },
];

type AnySchema = z.ZodType;

/** Bad inputs for a schema: the plain ones, and objects with one bad field at a time (nested a few levels). */
function badInputs(schema: AnySchema, depth = 0): unknown[] {
  const out = [...BAD_VALUES];
  if (depth > 2) return out;
  const def = (schema as unknown as { def: { type: string; [k: string]: unknown } }).def;
  const inner = (s: unknown) => badInputs(s as AnySchema, depth + 1);
  switch (def.type) {
    case "object": {
      const shape = def.shape as Record<string, AnySchema>;
      for (const [key, child] of Object.entries(shape)) for (const v of inner(child)) out.push({ [key]: v });
      break;
    }
    case "union": {
      const options = def.options as AnySchema[];
      for (const option of options) {
        const optDef = (option as unknown as { def: { type: string; shape?: Record<string, AnySchema> } }).def;
        // A discriminated union's option: keep its discriminator so the field checks run.
        const literal = optDef.type === "object" ? Object.entries(optDef.shape!).find(([, s]) => (s as unknown as { def: { type: string } }).def.type === "literal") : undefined;
        for (const v of inner(option)) {
          out.push(literal && v && typeof v === "object" && !Array.isArray(v) ? { [literal[0]]: (literal[1] as unknown as { def: { values: unknown[] } }).def.values[0], ...v } : v);
        }
      }
      break;
    }
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
      out.push(...inner(def.innerType));
      break;
    case "pipe":
      out.push(...inner(def.in));
      break;
    case "array":
      for (const v of inner(def.element)) out.push([v]);
      break;
    case "lazy":
      out.push(...inner((def.getter as () => AnySchema)()));
      break;
  }
  return out;
}

const MODULES = { audit, content, federation, keys, settings, users };

function schemasOf(mod: Record<string, unknown>): Array<[string, AnySchema]> {
  const found: Array<[string, AnySchema]> = [];
  for (const [name, value] of Object.entries(mod)) {
    if (value instanceof z.ZodType) found.push([name, value]);
  }
  return found;
}

describe("validation messages", () => {
  it("no shared schema answers bad input with zod's raw wording", () => {
    const raw: string[] = [];
    let checked = 0;
    const schemas = [
      ...Object.entries(MODULES).flatMap(([mod, m]) => schemasOf(m).map(([n, s]) => [`${mod}.${n}`, s] as const)),
      ...Object.entries(settings.SETTINGS).map(([n, d]) => [`settings.SETTINGS.${n}`, d.schema as AnySchema] as const),
    ];
    expect(schemas.length).toBeGreaterThan(25);
    for (const [name, schema] of schemas) {
      for (const input of badInputs(schema)) {
        const result = schema.safeParse(input);
        if (result.success) continue;
        for (const issue of result.error.issues) {
          checked++;
          if (RAW.test(issue.message)) raw.push(`${name} ${JSON.stringify(input)?.slice(0, 60)} → ${issue.path.join(".")}: ${issue.message}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect([...new Set(raw)]).toEqual([]);
  });

  it("says what the issue's example said badly", () => {
    const tooLong = users.createUserSchema.safeParse({ username: "ada", password: "x".repeat(257) });
    expect(tooLong.error?.issues[0].message).toBe("must be at most 256 characters");
    const notBoolean = settings.patchSettingsSchema.safeParse({ "EarlyAccess.IdentityFederation": "true" });
    expect(notBoolean.error?.issues[0].message).toBe("must be true or false");
    const missing = users.createUserSchema.safeParse({});
    expect(missing.error?.issues[0]).toMatchObject({ path: ["username"], message: "is required" });
    const unknownField = users.updateUserSchema.safeParse({ role: "viewer" });
    expect(unknownField.error?.issues[0].message).toBe("has a field it does not accept: role");
    const badRole = users.updateUserSchema.safeParse({ user_role: "emperor" });
    expect(badRole.error?.issues[0].message).toBe('must be one of "administrator", "publisher", "viewer"');
  });
});
