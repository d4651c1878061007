// Hostile input against the production build (issue #11): thousands of generated
// malformed requests over every route, with and without valid credentials. No
// answer may be a 5xx, and the server must still be healthy afterwards.
// A failure prints its seed: replay it with FUZZ_SEED=<seed> (FUZZ_RUNS sets the batch count; each batch
// covers every route).
import { createPrivateKey, createSign, randomBytes, type KeyObject } from "node:crypto";
import { readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import fc from "fast-check";
import { startOidcProvider, type OidcFixture } from "../test/support/oidc-provider";
import { test, expect } from "./support/fixtures";
import { appOrigin, createUserAsAdmin, signInThroughApi } from "./support/accounts";

// ---------------------------------------------------------------- the routes

type Segment = { literal: string } | { dynamic: "one" | "many" | "optional-many" };

/** Every route and page under app/, as segment templates: `%5F_api__` is `__api__`, `(group)` adds no segment. */
function routeTemplates(dir = path.resolve("app"), prefix: Segment[] = []): Segment[][] {
  const found: Segment[][] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && /^(route\.ts|page\.tsx)$/.test(entry.name)) found.push(prefix);
    if (!entry.isDirectory()) continue;
    const name = entry.name;
    const segment: Segment | undefined = /^\(.*\)$/.test(name)
      ? undefined
      : name.startsWith("[[...")
        ? { dynamic: "optional-many" }
        : name.startsWith("[...")
          ? { dynamic: "many" }
          : name.startsWith("[")
            ? { dynamic: "one" }
            : { literal: decodeURIComponent(name) };
    found.push(...routeTemplates(path.join(dir, name), segment ? [...prefix, segment] : prefix));
  }
  return found;
}

// ---------------------------------------------------------------- sending

type FuzzRequest = { method: string; path: string; headers: Record<string, string>; body?: Buffer };
type Answer = { status: number; body: string };

/** One line per request, long values cut: what a failure prints, and enough to replay it by hand. */
function describe(r: FuzzRequest): string {
  const cut = (v: string, n: number) => (v.length > n ? `${v.slice(0, n)}…(${v.length})` : v);
  const headers = Object.entries(r.headers).map(([k, v]) => `${k}: ${cut(v, 80)}`).join(" | ");
  return `${r.method} ${cut(r.path, 300)} [${headers}]${r.body ? ` body(${r.body.length}): ${cut(r.body.toString("utf8"), 200)}` : ""}`;
}
const printable = (r: FuzzRequest): FuzzRequest => Object.assign(r, { [fc.toStringMethod]: () => describe(r) });

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** A raw HTTP request: node:http sends the path and headers as given, which a browser or fetch would not. */
function send(base: URL, r: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      // An explicit length: for DELETE, OPTIONS and unknown methods node:http would send a body unframed,
      // and the server would rightly read it as the next request.
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        headers: r.body ? { ...r.headers, "content-length": String(r.body.length) } : r.headers,
        timeout: 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.length < 64 && chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8").slice(0, 500) }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within 15 s: ${r.method} ${r.path}`)));
    // The server may answer (413, 431) and close before reading a large body: its answer is what counts.
    req.on("error", (err: NodeJS.ErrnoException) =>
      err.code === "EPIPE" || err.code === "ECONNRESET" ? resolve({ status: 0, body: err.code }) : reject(err),
    );
    req.end(r.body);
  });
}

// ---------------------------------------------------------------- generators

const hex = (b: number) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
/** Percent-encodes a string's UTF-8 bytes except the unreserved ones (lone surrogates become U+FFFD). */
const encode = (s: string) => [...Buffer.from(s, "utf8")].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : hex(b))).join("");

const ODD_STRINGS = [
  "", " ", "null", "undefined", "-1", "0", "1e309", "NaN", "0x10", "9".repeat(400), "true", "[]", "{}",
  "/\t/evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "／／evil.example", "https://evil.example",
  "not a url", ":::", "€", "\u0000", "\r\n", "\u2028", "\ud800", "𝕏", "a".repeat(5000), "../../../etc/passwd", "%", "%zz",
  "Configuration", "CredentialsSignin", "<script>alert(1)</script>", "' OR 1=1 --", "$where", "__proto__",
];
const oddString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
);
/** Escapes that are not UTF-8, or not escapes at all: Next.js cannot decode them. */
const BAD_ESCAPES = ["%ED%A0%80", "%C0%AF", "%FF", "%FE%FF", "%E0%A4%A", "%", "%zz", "%G0", "a%ED%A0%80b", "%F4%90%80%80", "%80"];
const rawBytes = fc.uint8Array({ minLength: 1, maxLength: 12 }).map((bytes) => [...bytes].map(hex).join(""));

/** A query value or path segment as it goes on the wire. */
const wireString = fc.oneof(
  { weight: 4, arbitrary: oddString.map(encode) },
  { weight: 2, arbitrary: fc.constantFrom(...BAD_ESCAPES) },
  { weight: 1, arbitrary: rawBytes },
  { weight: 1, arbitrary: fc.constantFrom(".", "..", "%2e%2e", "%2F", "%5C", "%00", "%0A", "\"", "<", "{", "|", "^", "`", "\\") },
);

const QUERY_KEYS = ["callbackUrl", "error", "filter", "page_size", "page_number", "search", "count", "start", "csrf", "include", "provider", "code", "state"];
const query = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), wireString), wireString), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}` : ""));

/** Any JSON value, including the shapes typed code trips on. */
const oddJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 2, arbitrary: fc.constantFrom({}, [], [[]], null, true, 1e308, -1, 0.5, 1e13, -1e13, 1e300, 1e20, "", { a: 1 }, [["workbench"]], "a".repeat(3000)) },
);

const METHODS = ["GET", "GET", "HEAD", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "FUZZ"];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const CONTENT_TYPES = [
  "application/json", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x", "multipart/form-data", "application/gzip", "application/x-tar", "application/octet-stream",
  "application/jwt", "*/*", ";;;", "application/json\u00ff",
];
const BAD_JSON = ['{', '{"a":', "nul", "[1,2", '"\\u0000', '{"__proto__":{"polluted":1}}', "1e999999", '{"a":1}{"b":2}', "\u00ff\u00fe{}", "[".repeat(5000)];
const latin1 = (s: string) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, "?");
const headerValue = fc.oneof(
  { weight: 4, arbitrary: oddString.map(latin1) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((n) => "h".repeat(n)) },
);
const ODD_HEADER_NAMES = [
  "accept", "accept-encoding", "accept-language", "origin", "referer", "if-none-match", "if-modified-since", "range",
  "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "forwarded", "x-real-ip", "sec-fetch-site", "user-agent",
  "content-encoding", "x-http-method-override", "host", "next-router-state-tree", "rsc", "next-action", "x-middleware-subrequest",
];
const cookieHeader = fc
  .array(
    fc.tuple(
      fc.constantFrom("next-auth.session-token", "next-auth.callback-url", "next-auth.csrf-token", "__Secure-next-auth.callback-url", "next-auth.pkce.code_verifier", "x"),
      oddString.map((s) => latin1(s).replace(/[;,]/g, "")),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("; "));

// ---------------------------------------------------------------- what fuzzing found (issue #11, finding 6)

test("a path escape that is not UTF-8 is a 400, as JSON under /__api__; TRACE and server actions are 4xx", async ({ request }) => {
  const base = new URL(appOrigin());
  for (const p of ["/__api__/v1/content/%ED%A0%80", "/__api__/v1/users/%C0%AF/keys", "/__api__/v1/nothing/%FF", "/__api__/applications/%E0%A4%A"]) {
    const res = await send(base, { method: "GET", path: p, headers: {} });
    expect(res.status, p).toBe(400);
    expect(JSON.parse(res.body), p).toMatchObject({ code: 3, error: expect.stringContaining("UTF-8") });
  }
  for (const p of ["/content/%ED%A0%80/", "/content/x/%FF", "/integrations/%ED%A0%80", "/api/auth/signin/%FF"]) {
    const res = await send(base, { method: "GET", path: p, headers: {} });
    expect(res.status, p).toBe(400);
  }
  // No server actions here: a request naming one is a 404 (Next.js logged a stack trace for it).
  const actions: Record<string, string>[] = [
    { "next-action": "abc", "content-type": "text/plain" },
    { "content-type": "multipart/form-data; boundary=x" },
    { "content-type": "application/x-www-form-urlencoded" },
  ];
  for (const headers of actions) {
    const action = await send(base, { method: "POST", path: "/login", headers, body: Buffer.from("a=1") });
    expect(action.status, JSON.stringify(headers)).toBe(404);
  }
  // The Fetch API cannot represent TRACE: Next.js threw on it before any route ran.
  for (const p of ["/__api__/v1/user", "/", "/api/auth/session"]) {
    expect((await send(base, { method: "TRACE", path: p, headers: {} })).status, p).toBe(405);
  }
  // A valid escape still reaches the route.
  expect((await request.get("/__api__/v1/content/%E2%82%AC")).status()).toBe(401);
});

test("next-auth answers odd callbackUrl, error, cookie and body values with a 4xx or a safe redirect", async ({ request }) => {
  const base = new URL(appOrigin());
  for (const action of ["session", "csrf", "providers"]) {
    for (const value of ["not%20a%20url", "%3A%3A%3A", "%EF%BC%8F%EF%BC%8Fevil", "%0A"]) {
      const res = await send(base, { method: "GET", path: `/api/auth/${action}?callbackUrl=${value}`, headers: {} });
      expect(res.status, `${action} ${value}`).toBe(200);
    }
  }
  for (const value of ["%E2%82%AC", "a%0Db", "%C3%BF", "%ED%A0%80"]) {
    const res = await request.get(`/api/auth/error?error=${value}`, { maxRedirects: 0 });
    expect(res.status(), value).toBe(302);
    expect(res.headers()["location"], value).toBe("/login?error=Default");
  }
  const cookie = await send(base, { method: "GET", path: "/api/auth/session", headers: { cookie: "next-auth.callback-url=not a url" } });
  expect(cookie.status).toBe(400);
  // The sign-in page names its message by key: ?error=__proto__ found Object.prototype and the page failed.
  for (const code of ["__proto__", "constructor", "toString"]) {
    expect((await request.get(`/login?error=${code}`)).status(), code).toBe(200);
  }
  // Pages read the session through next-auth too: such a cookie made every one of them a 500.
  for (const p of ["/", "/login", "/keys"]) {
    const res = await send(base, { method: "GET", path: p, headers: { cookie: "next-auth.callback-url=not a url" } });
    expect(res.status, p).toBeLessThan(400);
  }
  // Without PUBLIC_URL next-auth trusts the Host; one that is no host name made pages and sign-in a 500.
  for (const p of ["/", "/login", "/api/auth/session", "/api/auth/csrf"]) {
    for (const host of ["javascript:alert(1)", "a b", "%", "x/y"]) {
      const res = await send(base, { method: "GET", path: p, headers: { "x-forwarded-host": host } });
      expect(res.status, `${p} ${host}`).toBeLessThan(500);
    }
  }
  const json = await send(base, { method: "POST", path: "/api/auth/signin/password", headers: { "content-type": "application/json" }, body: Buffer.from("{") });
  expect(json.status).toBe(400);
});

test("a signed-in /login sends a callbackUrl with control or full-width characters to the dashboard", async ({ adminPage }) => {
  for (const value of ["%2F%7F", "%EF%BC%8F%EF%BC%8Fevil.example", "%2F%E2%80%A8x", "%ED%A0%80"]) {
    const res = await adminPage.request.get(`/login?callbackUrl=${value}`, { maxRedirects: 0 });
    expect(res.status(), value).toBeGreaterThanOrEqual(300);
    expect(res.status(), value).toBeLessThan(400);
  }
  // NUL goes nowhere: no page takes an address that holds one (proxy.ts).
  const nul = await adminPage.request.get("/login?callbackUrl=%2F%00%2Fevil", { maxRedirects: 0 });
  expect(nul.status()).toBe(400);
});

// ---------------------------------------------------------------- the test

test("thousands of malformed requests: no 5xx, and the server stays healthy", async ({ adminPage, browser }) => {
  test.setTimeout(180_000);
  const origin = appOrigin();
  const base = new URL(origin);
  const api = (method: string, p: string, data?: unknown) => adminPage.request.fetch(p, { method, data, headers: { origin } });

  // Credentials: a publisher with a key and a content item of theirs, the administrator's key (used for reads only).
  const id = randomBytes(4).toString("hex");
  const account = { username: `e2e-fuzz-${id}`, password: "correct horse battery", user_role: "publisher" as const };
  await createUserAsAdmin(adminPage, account);
  const context = await browser.newContext({ baseURL: origin });
  const publisherPage = await context.newPage();
  await signInThroughApi(publisherPage.request, account);
  const publisher = await (await publisherPage.request.get("/__api__/v1/user")).json();
  const newKey = async (page: typeof adminPage, guid: string) => {
    const res = await page.request.post(`/__api__/v1/users/${guid}/keys`, { data: { name: `fuzz ${id}` }, headers: { origin } });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { id: string; key: string };
  };
  const publisherKey = await newKey(publisherPage, publisher.guid);
  await context.close();
  const admin = await (await adminPage.request.get("/__api__/v1/user")).json();
  const adminKey = await newKey(adminPage, admin.guid);
  const sessionCookie = (await adminPage.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const content = await adminPage.request.post("/__api__/v1/content", {
    data: { name: `fuzz-${id}` },
    headers: { authorization: `Key ${publisherKey.key}` },
  });
  expect(content.status(), await content.text()).toBe(201);
  const contentGuid: string = (await content.json()).guid;

  // A provider whose signing key the fuzzer holds: tokens with any header and claims, signed for real.
  const provider: OidcFixture = await startOidcProvider();
  const settings = await (await adminPage.request.get("/__api__/v1/system/settings")).json();
  const flagWasOn = settings.find((s: { name: string }) => s.name === "EarlyAccess.IdentityFederation").value;
  expect((await api("PATCH", "/__api__/v1/system/settings", { "EarlyAccess.IdentityFederation": true })).status()).toBe(200);
  const created = await api("POST", "/__api__/v1/oauth/integrations", {
    template: "posit-workbench-federation",
    name: `e2e fuzz ${id}`,
    config: { issuer: provider.issuer, client_id: "workbench", allow_private_issuer: true },
  });
  expect(created.status(), await created.text()).toBe(201);
  const integrationGuid: string = (await created.json()).guid;

  try {
    const signingKey: KeyObject = createPrivateKey({ key: provider.privateJwk() as never, format: "jwk" });
    const kid = provider.privateJwk().kid;
    const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v) ?? "null").toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const claimOr = <T>(good: T) => fc.oneof({ weight: 2, arbitrary: fc.constant(good as unknown) }, { weight: 1, arbitrary: oddJson });
    const jwt = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(
            fc.record(
              { alg: claimOr("RS256"), kid: claimOr(kid), typ: claimOr("JWT"), crit: oddJson, b64: oddJson },
              { requiredKeys: ["alg"] },
            ),
            fc.record(
              {
                iss: claimOr(provider.issuer), aud: claimOr("workbench"), sub: claimOr(account.username),
                exp: claimOr(now + 600), iat: claimOr(now), nbf: claimOr(now - 10), azp: oddJson, email: oddJson,
              },
              { requiredKeys: [] },
            ),
            fc.constantFrom("real", "junk", "empty"),
          )
          .map(([header, claims, signature]) => {
            const input = `${b64(header)}.${b64(claims)}`;
            const sig = signature === "real" ? createSign("RSA-SHA256").update(input).sign(signingKey).toString("base64url") : signature === "junk" ? "c2lnbmF0dXJl" : "";
            return `${input}.${sig}`;
          }),
      },
      { weight: 1, arbitrary: fc.constantFrom("a.b", "a.b.c.d", "...", "eyJ.eyJ.", "e30.e30.", "%%%.%%%.%%%", "x".repeat(20_000)) },
      { weight: 1, arbitrary: oddString },
    );

    const realIds = [publisher.guid, admin.guid, contentGuid, integrationGuid, publisherKey.id, "posit-workbench-federation", "1"];
    const segment = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...realIds) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 4, arbitrary: wireString },
    );
    const templates = routeTemplates();
    // One template's paths: its literal segments (now and then replaced), its dynamic ones filled.
    const routePath = (t: Segment[]) =>
      fc
        .tuple(
          fc.tuple(
            ...t.map((s): fc.Arbitrary<string[]> =>
              "literal" in s
                ? fc.oneof({ weight: 9, arbitrary: fc.constant([s.literal]) }, { weight: 1, arbitrary: segment.map((x) => [x]) })
                : fc.array(segment, { minLength: s.dynamic === "optional-many" ? 0 : 1, maxLength: s.dynamic === "one" ? 1 : 3 }),
            ),
          ),
          fc.boolean(),
        )
        .map(([parts, slash]) => `/${parts.flat().join("/")}${slash && t.length ? "/" : ""}`);

    const exchangeForm = fc
      .record(
        {
          grant_type: claimOr("urn:ietf:params:oauth:grant-type:token-exchange"),
          subject_token_type: claimOr("urn:ietf:params:oauth:token-type:id_token"),
          requested_token_type: oddJson,
          subject_token: jwt,
          audience: claimOr(integrationGuid),
        },
        { requiredKeys: ["subject_token"] },
      )
      .chain((fields) =>
        fc.constantFrom<[string, string]>(
          ["application/x-www-form-urlencoded", new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v) ?? ""])).toString()],
          ["application/json", JSON.stringify(fields)],
        ),
      );
    const EXCHANGES = ["/__api__/v1/oauth/integrations/credentials", "/oauth/token", "/__api__/v1/oauth/integrations/explain", "/__api__/v1/oauth/integrations/verify"];
    const BODY_KEYS = ["name", "username", "password", "user_role", "email", "locked", "template", "config", "token", "integration_guid", "title", "description", "access_type", "bundle_id", "expires_in", "csrfToken", "callbackUrl", "json", "EarlyAccess.IdentityFederation"];
    const body: fc.Arbitrary<[string | undefined, string | Buffer | undefined]> = fc.oneof(
      { weight: 2, arbitrary: fc.constant<[undefined, undefined]>([undefined, undefined]) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom("application/json", undefined), fc.constantFrom(...BAD_JSON)) },
      { weight: 3, arbitrary: fc.tuple(fc.constant("application/json"), fc.dictionary(fc.constantFrom(...BODY_KEYS), oddJson, { maxKeys: 4 }).map((o) => JSON.stringify(o))) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CONTENT_TYPES, undefined), oddJson.map((v) => JSON.stringify(v) ?? "")) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b))) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.constant(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]))) },
      { weight: 1, arbitrary: fc.tuple(fc.constant("application/json"), fc.constant(`{"name":"${"x".repeat(300 * 1024)}"}`)) },
    );

    type Auth = "none" | "publisher" | "admin" | "session" | "garbage" | "bearer-jwt";
    const auth = fc.constantFrom<Auth>("none", "none", "publisher", "publisher", "admin", "session", "garbage", "bearer-jwt");
    const oddHeaders = fc.dictionary(fc.constantFrom(...ODD_HEADER_NAMES), headerValue, { maxKeys: 3 });

    const generic = (t: Segment[]) =>
      fc
        .record({ method: fc.constantFrom(...METHODS), path: routePath(t), query, body, auth, jwt, odd: oddHeaders, cookie: fc.option(cookieHeader), xff: fc.integer({ min: 1, max: 65_000 }) })
        .map(({ method, path: p, query: q, body: [type, data], auth: a, jwt: token, odd, cookie, xff }): FuzzRequest => {
          // The administrator's key and session only read: a fuzzer with them must not rewrite settings other specs rely on.
          const who = (a === "admin" || a === "session") && !SAFE_METHODS.has(method) ? "publisher" : a;
          const headers: Record<string, string> = { ...odd, "x-forwarded-for": `fuzz-${xff}` };
          if (type) headers["content-type"] = type;
          if (who === "publisher") headers.authorization = `Key ${publisherKey.key}`;
          if (who === "admin") headers.authorization = `Key ${adminKey.key}`;
          if (who === "garbage") headers.authorization = `Key ${latin1(String(token)).slice(0, 200)}`;
          if (who === "bearer-jwt") headers.authorization = `Bearer ${latin1(String(token))}`;
          headers.cookie = [who === "session" ? sessionCookie : "", cookie ?? ""].filter(Boolean).join("; ");
          if (!headers.cookie) delete headers.cookie;
          return printable({ method, path: `${p}${q}`, headers, body: data === undefined || method === "GET" || method === "HEAD" ? undefined : Buffer.from(data) });
        });
    const exchange = fc
      .record({ target: fc.constantFrom(...EXCHANGES), form: exchangeForm, auth: fc.constantFrom("none", "admin"), xff: fc.integer({ min: 1, max: 65_000 }), odd: oddHeaders })
      .map(({ target, form: [type, data], auth: a, xff, odd }): FuzzRequest => {
        const headers: Record<string, string> = { ...odd, "content-type": type, "x-forwarded-for": `fuzz-${xff}` };
        if (a === "admin") headers.authorization = `Key ${adminKey.key}`;
        // explain and verify take {token}: the same generated token, in their shape.
        const payload = target.includes("/explain") ? JSON.stringify({ token: new URLSearchParams(data).get("subject_token") ?? JSON.parse(data).subject_token, integration_guid: integrationGuid }) : data;
        if (target.includes("/explain")) headers["content-type"] = "application/json";
        // explain is an administrator's tool, but it only reads: the real key reaches its parser.
        if (target.includes("/explain") || target.includes("/verify")) headers.authorization = `Key ${adminKey.key}`;
        return printable({ method: "POST", path: target, headers, body: Buffer.from(payload) });
      });
    // Each batch sends one generated request to every route and page, and a quarter as many exchanges:
    // every route is hit in every run, whatever the seed, so fewer runs cover what 3,200 random picks did.
    const EXCHANGES_PER_BATCH = Math.ceil(templates.length / 4);
    const batchOf = fc.tuple(...templates.map(generic), ...Array.from({ length: EXCHANGES_PER_BATCH }, () => exchange));

    const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const numRuns = Number(process.env.FUZZ_RUNS ?? 20);
    const BATCH = templates.length + EXCHANGES_PER_BATCH;
    const keepGoing = process.env.FUZZ_KEEP_GOING === "1";
    console.log(`fuzz: seed ${seed}, ${numRuns} batches of ${BATCH} requests (replay: FUZZ_SEED=${seed} npx playwright test e2e/fuzz.spec.ts)`);
    let sent = 0;
    // Requests the server hung up on mid-body (it answered early, e.g. 431 or 413): not failures, but counted.
    const cutOff: string[] = [];
    await fc.assert(
      fc.asyncProperty(batchOf, async (batch) => {
        const answers = await Promise.all(batch.map((r) => send(base, r)));
        sent += batch.length;
        answers.forEach((a, i) => {
          const r = batch[i];
          // FUZZ_KEEP_GOING=1 lists every 5xx of a run instead of stopping at the first.
          if (a.status === 0) cutOff.push(describe(r));
          if (a.status >= 500 && keepGoing) console.log(`5xx: ${describe(r)}\n→ ${a.status} ${a.body}`);
          else expect(a.status, `${describe(r)}\n→ ${a.body}`).toBeLessThan(500);
        });
      }),
      { seed, numRuns, endOnFailure: process.env.FUZZ_SHRINK !== "1" },
    );
    console.log(`fuzz: ${sent} requests, no 5xx; ${cutOff.length} cut off by the server`);
    if (keepGoing) for (const line of cutOff) console.log(`cut off: ${line}`);

    // Still healthy: it answers, promptly, and the credentials still work.
    const started = Date.now();
    const health = await adminPage.request.get("/healthz");
    expect(health.status()).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await adminPage.request.get("/__api__/v1/user", { headers: { authorization: `Key ${adminKey.key}` } })).status()).toBe(200);
  } finally {
    agent.destroy();
    await api("DELETE", `/__api__/v1/oauth/integrations/${integrationGuid}`);
    await api("PATCH", "/__api__/v1/system/settings", { "EarlyAccess.IdentityFederation": flagWasOn });
    await adminPage.request.delete(`/__api__/v1/users/${admin.guid}/keys/${adminKey.id}`, { headers: { origin } });
    await api("PATCH", `/__api__/v1/users/${publisher.guid}`, { locked: true });
    await provider.close();
  }
});
