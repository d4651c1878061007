import { describe, expect, it } from "vitest";
import { normalizeBundlePath } from "@/lib/content/archive";
import { primaryDocument } from "@/lib/content/manifest";
import { manifestSchema } from "@/lib/content/schema";

describe("bundle paths", () => {
  it("keeps relative paths and drops ./ and repeated slashes", () => {
    expect(normalizeBundlePath("index.html")).toBe("index.html");
    expect(normalizeBundlePath("./docs//a.html")).toBe("docs/a.html");
    expect(normalizeBundlePath("docs/")).toBe("docs");
    // Up to 1024 bytes of UTF-8, not characters.
    expect(normalizeBundlePath("中".repeat(341))).toBe("中".repeat(341));
  });

  it("refuses paths that could leave the bundle or confuse a file system", () => {
    for (const bad of ["", "/etc/passwd", "../x", "a/../../x", "a/..", "..", "./", "a\\..\\b", "a\u0000b", "x".repeat(1025), "中".repeat(342)]) {
      expect(normalizeBundlePath(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe("primary document", () => {
  const manifest = (metadata: Record<string, unknown>) => manifestSchema.parse({ metadata: { appmode: "static", ...metadata }, files: {} });

  it("is primary_html, else an HTML entrypoint, else index.html", () => {
    expect(primaryDocument(manifest({ primary_html: "report.html", entrypoint: "other.html" }))).toBe("report.html");
    expect(primaryDocument(manifest({ entrypoint: "site/home.htm" }))).toBe("site/home.htm");
    expect(primaryDocument(manifest({ entrypoint: "app:app" }))).toBe("index.html");
    expect(primaryDocument(manifest({}))).toBe("index.html");
    expect(primaryDocument(manifest({ primary_html: "../up.html" }))).toBe("index.html");
  });
});
