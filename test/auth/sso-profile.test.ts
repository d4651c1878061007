// A first single sign-on makes a viewer from the provider's profile. The profile is
// the provider's to fill, so what it says is kept only within what a user holds:
// names of at most 128 characters, an email only when it is one. An unbounded name
// or email was a 500 on PostgreSQL (their search indexes refuse entries over 2.7 KB).
import { describe, expect, it } from "vitest";
import { signInWithSso } from "@/lib/auth/sign-in";
import { unique } from "../support/fixtures";

/** `n` random CJK ideographs: three bytes each in UTF-8, and nothing to compress. */
const cjk = (n: number) => Array.from({ length: n }, () => String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 0x5000))).join("");

describe("a first single sign-on's profile", () => {
  it("keeps a usual profile as it is", async () => {
    const sub = unique("sso");
    const user = await signInWithSso({ sub, preferred_username: sub, email: "ada@example.com", given_name: "Ada", family_name: "Lovelace" });
    expect(user).toMatchObject({ externalId: sub, email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", userRole: "viewer" });
  });

  it("clips names to 128 characters and drops an email that is none, or too long", async () => {
    const sub = unique("sso");
    const given = cjk(2000);
    const user = await signInWithSso({ sub, email: `${"a".repeat(64)}@${cjk(1000)}.example`, given_name: given, family_name: ` ${cjk(10)} ` });
    expect(user.firstName).toBe(given.slice(0, 128));
    expect(user.lastName).toHaveLength(10);
    expect(user.email).toBe("");
    expect((await signInWithSso({ sub: unique("sso"), email: "not an email" })).email).toBe("");
  });
});
