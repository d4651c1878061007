// TRACE: the Fetch API cannot represent it, so Next.js threw a TypeError
// (a 500) on them before any route ran (issue #11, found by e2e/fuzz.spec.ts).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseUnsupportedMethod } from "@/lib/http/unsupported-methods";

let server: http.Server;
let port: number;

function send(method: string, body?: string): Promise<{ status: number; allow?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = body ? { "content-length": String(Buffer.byteLength(body)) } : {};
    const req = http.request({ host: "127.0.0.1", port, method, path: "/__api__/v1/user", agent: false, headers }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, allow: res.headers.allow, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

beforeAll(async () => {
  // As scripts/server.ts does; the rest stands in for Next.js, which builds a Fetch API Request (throws on TRACE).
  server = http.createServer((req, res) => {
    if (refuseUnsupportedMethod(req, res)) return;
    try {
      new Request(`http://x${req.url}`, { method: req.method });
      res.end(`handled ${req.method}`);
    } catch {
      res.statusCode = 500;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("refuseUnsupportedMethod", () => {
  it("answers TRACE with a 405 and Connect's error body", async () => {
    const res = await send("TRACE", "a body that is discarded");
    expect(res.status).toBe(405);
    expect(res.allow).toContain("GET");
    expect(JSON.parse(res.body)).toEqual({ code: 1004, error: "This method is not supported.", payload: {} });
  });

  it.each(["GET", "POST", "DELETE", "OPTIONS", "PROPFIND"])("passes %s on to the server's handler", async (method) => {
    expect(await send(method)).toMatchObject({ status: 200, body: `handled ${method}` });
  });
});
