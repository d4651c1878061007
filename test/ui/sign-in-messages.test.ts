// ?error= on the sign-in page is whatever a link says: it must always map to a message string.
import { describe, expect, it } from "vitest";
import { INVALID_CREDENTIALS, redirectErrorMessage } from "@/components/login/sign-in-messages";

describe("redirectErrorMessage", () => {
  it("names next-auth's codes", () => {
    expect(redirectErrorMessage("CredentialsSignin")).toBe(INVALID_CREDENTIALS);
    expect(redirectErrorMessage(undefined)).toBeUndefined();
  });

  // `/login?error=__proto__` found Object.prototype: the page failed with a 500 (found by e2e/fuzz.spec.ts).
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "nope"])("answers %j with the generic message", (code) => {
    expect(redirectErrorMessage(code)).toMatch(/^Single sign-on failed/);
  });
});
