// Every answer under /__api__ is Connect's JSON error body when nothing serves
// the request: an unknown path is a 404, a known path with another method a 405.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as unknownPath from "@/app/%5F_api__/[[...path]]/route";
import { reloadConfig } from "@/lib/config/env";
import { call } from "../support/fixtures";

const API_DIR = path.join(import.meta.dirname, "../../app/%5F_api__");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );
}

describe("the /__api__ surface", () => {
  it("answers an unknown path with a JSON 404 for every method", async () => {
    for (const method of METHODS) {
      const handler = unknownPath[method];
      const res = await call(handler, { method, path: "/__api__/v1/no/such/thing", params: { path: ["v1", "no", "such", "thing"] } });
      expect(res.status, method).toBe(404);
      if (method !== "HEAD") expect(res.body).toMatchObject({ code: 4, error: expect.stringContaining("/__api__/v1/no/such/thing") });
    }
  });

  it("every route answers every method: its own, or a JSON 405 naming what it allows", async () => {
    const files = routeFiles(API_DIR).filter((f) => !f.includes("[[...path]]"));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      const served = METHODS.filter((m) => typeof mod[m] === "function");
      const missing = METHODS.filter((m) => !served.includes(m) && !(m === "HEAD" && served.includes("GET")));
      expect(missing, path.relative(API_DIR, file)).toEqual([]);
    }
    const credentials = await import("@/app/%5F_api__/v1/oauth/integrations/credentials/route");
    const res = await call(credentials.GET);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, OPTIONS");
    expect(res.body).toMatchObject({ code: expect.any(Number), error: expect.stringMatching(/GET is not allowed.*POST/) });
  });
});

describe("the request log", () => {
  it("writes one line per request with method, path, status, duration and caller, never the query or the key", async () => {
    const { makeUser } = await import("../support/fixtures");
    const v1User = await import("@/app/%5F_api__/v1/user/route");
    const { key, user } = await makeUser({ role: "viewer" });
    const lines: string[] = [];
    const write = process.stdout.write;
    const level = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "info";
    reloadConfig();
    process.stdout.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await call(v1User.GET, { key, path: "/__api__/v1/user?token=secret-in-query" });
      await call(v1User.GET, { path: "/__api__/v1/user" });
    } finally {
      process.stdout.write = write;
      process.env.LOG_LEVEL = level;
      reloadConfig();
    }
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "request");
    expect(requests).toEqual([
      expect.objectContaining({ method: "GET", path: "/__api__/v1/user", status: 200, ms: expect.any(Number), user: user.guid, via: "key" }),
      expect.objectContaining({ method: "GET", path: "/__api__/v1/user", status: 401 }),
    ]);
    expect(requests[1]).not.toHaveProperty("user");
    expect(lines.join("")).not.toContain("secret-in-query");
    expect(lines.join("")).not.toContain(key);
  });
});
