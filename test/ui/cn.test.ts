import { describe, expect, it } from "vitest";
import { cn } from "@/components/ui/cn";

describe("cn", () => {
  it("lets a variant's colour override the default, and skips falsy values", () => {
    expect(cn("rounded border bg-white p-4", "bg-amber-50 border-amber-300")).toBe("rounded border p-4 bg-amber-50 border-amber-300");
    expect(cn("p-4", false, null, undefined, "px-2")).toBe("p-4 px-2");
    expect(cn("text-sm", { "font-bold": true, italic: false })).toBe("text-sm font-bold");
  });
});
