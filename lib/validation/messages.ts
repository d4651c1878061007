// Human wording for every validation failure a schema does not word itself.
// Zod's defaults ("Too big: expected string to have <=256 characters") reach
// people through forms, the API's field lists and the CLI, so each schema
// module imports this once; it imports only zod, like the schemas.
import { z } from "zod";

type Issue = z.core.$ZodRawIssue;

const TYPE_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  record: "an object",
  tuple: "a list",
  date: "a date",
  null: "empty",
};

const FORMATS: Record<string, string> = {
  email: "an email address",
  url: "a URL",
  uuid: "a UUID",
  datetime: "an ISO 8601 time",
  date: "a date (YYYY-MM-DD)",
  time: "a time",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  base64: "base64 text",
  base64url: "base64url text",
};

const quote = (v: unknown) => (typeof v === "string" ? `"${v}"` : String(v));

function sizeMessage(origin: string, bound: number | bigint, inclusive: boolean | undefined, big: boolean): string {
  const n = Number(bound);
  const [most, least] = inclusive === false ? ["less than", "more than"] : ["at most", "at least"];
  const limit = big ? most : least;
  switch (origin) {
    case "string":
      if (!big && n === 1 && inclusive !== false) return "must not be empty";
      return `must be ${limit} ${n} character${n === 1 ? "" : "s"}`;
    case "array":
    case "set":
      if (!big && n === 1 && inclusive !== false) return "needs at least one item";
      return `must have ${limit} ${n} item${n === 1 ? "" : "s"}`;
    case "file":
      return `must be ${limit} ${n} bytes`;
    case "date":
      return `must be ${big ? "on or before" : "on or after"} ${new Date(n).toISOString()}`;
    default:
      return `must be ${limit} ${n}`;
  }
}

/** A message fragment that reads after the field's name: "Password must be at most 256 characters". */
export function humanMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "too_big":
      return sizeMessage(issue.origin, issue.maximum, issue.inclusive, true);
    case "too_small":
      return sizeMessage(issue.origin, issue.minimum, issue.inclusive, false);
    case "invalid_format":
      if (issue.format === "regex") return "is not in the accepted format";
      if (issue.format === "starts_with" || issue.format === "ends_with" || issue.format === "includes") return "is not in the accepted format";
      return `must be ${FORMATS[issue.format] ?? `in ${issue.format} format`}`;
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    case "unrecognized_keys":
      return `has ${issue.keys.length === 1 ? "a field" : "fields"} it does not accept: ${issue.keys.join(", ")}`;
    case "invalid_value":
      return issue.values.length === 1 ? `must be ${quote(issue.values[0])}` : `must be one of ${issue.values.map(quote).join(", ")}`;
    case "invalid_union":
      // A discriminated union names the values its discriminator takes.
      if ("options" in issue && Array.isArray(issue.options) && issue.options.length) {
        return `must be one of ${issue.options.map(quote).join(", ")}`;
      }
      return "is not a value this field accepts";
    case "invalid_key":
      return "has a key this field does not accept";
    case "invalid_element":
      return "has an item this field does not accept";
    default:
      return "is not valid";
  }
}

z.config({ customError: humanMessage });
