// After sign-in the browser goes only to a path on this server (issue #12, finding 4).
import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/http/safe-redirect";
import { BASE, makeUser, unique } from "../support/fixtures";
import { passwordSignIn } from "../support/next-auth";

// Each of these took a browser to another host (or is no URL at all): all lead to the dashboard.
const HOSTILE = [
  "/\t/evil.example",
  "/\t\\evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  "\t//evil.example",
  " //evil.example",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/.//evil.example",
  "/a/../..//evil.example",
  "..//evil.example",
  "https://evil.example",
  "https://evil.example/path",
  "HTTPS://evil.example",
  "https:evil.example",
  "https:/evil.example",
  "ftp://evil.example",
  "//127.0.0.1:3000@evil.example",
  "https://127.0.0.1:3000.evil.example/",
  "javascript:alert(1)",
  "JavaScript:alert(document.domain)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "／／evil.example",
  "https:／／evil.example",
  "a/b",
  "?next=/keys",
  "",
];

describe("safeCallbackPath", () => {
  it.each(HOSTILE)("sends %j to the dashboard", (value) => {
    expect(safeCallbackPath(value)).toBe("/");
    expect(safeCallbackPath(value, BASE)).toBe("/");
  });

  // What the sign-in page receives once the query string is decoded: `%2F%09%2Fevil` is "/\t/evil".
  it.each(["%2F%09%2Fevil.example", "%2F%09%5Cevil.example", "%2F%2Fevil.example", "%2F%5Cevil.example", "https%3A%2F%2Fevil.example"])(
    "sends the decoded form of %s to the dashboard",
    (encoded) => {
      expect(safeCallbackPath(decodeURIComponent(encoded))).toBe("/");
    },
  );

  it("keeps a still-encoded value on this server as a path", () => {
    expect(safeCallbackPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeCallbackPath("/%09/evil.example")).toBe("/%09/evil.example");
    expect(safeCallbackPath("/\u3000/evil.example")).toBe("/%E3%80%80/evil.example");
  });

  it("never throws on values that are not strings", () => {
    for (const value of [undefined, null, 42, ["/keys"], { href: "/keys" }]) expect(safeCallbackPath(value)).toBe("/");
    expect(safeCallbackPath(`/${"x".repeat(5000)}`)).toBe("/");
  });

  it("keeps a path on this server, with its query and fragment", () => {
    expect(safeCallbackPath("/keys")).toBe("/keys");
    expect(safeCallbackPath("/content/abc/?page=2#top")).toBe("/content/abc/?page=2#top");
    expect(safeCallbackPath("/users?prefix=a%25b")).toBe("/users?prefix=a%25b");
  });

  it("accepts an absolute URL only on the origin it is told is ours", () => {
    expect(safeCallbackPath(`${BASE}/keys?x=1`, BASE)).toBe("/keys?x=1");
    expect(safeCallbackPath(`${BASE}/keys`)).toBe("/");
    expect(safeCallbackPath("http://127.0.0.1:3001/keys", BASE)).toBe("/");
    expect(safeCallbackPath("https://127.0.0.1:3000/keys", BASE)).toBe("/");
  });

  it("answers ASCII only, so it is always a valid Location header", () => {
    const path = safeCallbackPath("/content/ｘ/／/é?q=／#ü");
    expect(path).toBe("/content/%EF%BD%98/%EF%BC%8F/%C3%A9?q=%EF%BC%8F#%C3%BC");
    expect(() => new Headers({ location: path })).not.toThrow();
  });
});

describe("sign-in through next-auth", () => {
  async function signedIn(callbackUrl: string) {
    const password = "correct horse battery";
    const { user } = await makeUser({ role: "viewer", password });
    return passwordSignIn(user.username, password, callbackUrl);
  }

  it.each(["/\t/evil.example", "/\t\\evil.example", "//evil.example", "https://evil.example/", "／／evil.example"])(
    "answers the dashboard for callbackUrl %j",
    async (callbackUrl) => {
      const res = await signedIn(callbackUrl);
      expect(res.session).toBeDefined();
      expect(res.url).toBe(`${BASE}/`);
    },
  );

  it("answers a path on this server as it was asked", async () => {
    expect((await signedIn("/keys?tab=mine")).url).toBe(`${BASE}/keys?tab=mine`);
    expect((await signedIn(`${BASE}/content`)).url).toBe(`${BASE}/content`);
  });

  it("refuses a wrong password without a session", async () => {
    const { user } = await makeUser({ password: "correct horse battery" });
    const res = await passwordSignIn(user.username, unique("wrong"), "/keys");
    expect(res.session).toBeUndefined();
    expect(res.url).toMatch(/error=CredentialsSignin/);
  });
});
