// A real OpenID Provider (oidc-provider 8) on 127.0.0.1 for integration and
// end-to-end tests. Use it in-process via startOidcProvider(), or standalone:
//
//   tsx test/support/oidc-provider.ts --port 4455 --client-id workbench \
//     --client-secret s3cret --redirect-uri http://127.0.0.1:3210/api/auth/callback/sso
//
// Sign-in happens on oidc-provider's own development login/consent pages: any
// login name is accepted and becomes the `sub`; the password is ignored.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { exportJWK, generateKeyPair } from "jose";
// @ts-expect-error -- oidc-provider 8 ships no type declarations; the few members we use are typed below.
import OidcProvider from "oidc-provider";

export type OidcClient = { client_id: string; client_secret?: string; redirect_uris?: string[] };

export type OidcProviderOptions = {
  /** 0 (default) picks a free port; the server listens on 127.0.0.1 only. */
  port?: number;
  /** Default: one confidential client "workbench" (secret "workbench-secret"), redirect http://127.0.0.1/cb. */
  clients?: OidcClient[];
  /** sub -> claims that override or extend the defaults (email, preferred_username, name…). Any other sub signs in too. */
  accounts?: Record<string, Record<string, unknown>>;
  /** ID token lifetime in seconds (default 3600). */
  idTokenTtl?: number;
  /** Signing key type (default RS256). */
  keyAlg?: "RS256" | "ES256";
};

export interface OidcFixture {
  /** e.g. http://127.0.0.1:43123 (no trailing slash) */
  issuer: string;
  /** Runs the real authorization-code flow with PKCE over HTTP and returns the ID token. */
  getIdToken(sub: string, opts?: { clientId?: string; scope?: string; nonce?: string }): Promise<string>;
  /** Requests for the discovery document and the JWKS since start or resetCounts(). */
  counts: { discovery: number; jwks: number };
  resetCounts(): void;
  /** Replaces the signing key (new kid): later tokens use it and the JWKS serves only it. */
  rotateKeys(): Promise<void>;
  publicJwks(): { keys: JsonWebKey[] };
  privateJwk(): JsonWebKey & { kid: string };
  /** Stops accepting connections (connection refused), keeping clients, sessions and keys. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Rewrites the served discovery document (e.g. a different "issuer"); no argument restores it. */
  setDiscoveryOverride(fn?: (doc: Record<string, unknown>) => Record<string, unknown>): void;
  close(): Promise<void>;
}

// The slice of oidc-provider's (untyped) API this fixture uses.
type KoaContext = { path: string; status: number; body: unknown };
type Provider = {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
};
const ProviderClass = OidcProvider as new (issuer: string, configuration: Record<string, unknown>) => Provider;

const DISCOVERY_PATH = "/.well-known/openid-configuration";
const JWKS_PATH = "/jwks";
export const DEFAULT_CLIENT: Required<OidcClient> = {
  client_id: "workbench",
  client_secret: "workbench-secret",
  redirect_uris: ["http://127.0.0.1/cb"],
};

// Claims released per scope; with conformIdTokenClaims off they land in the ID token.
const SCOPE_CLAIMS: Record<string, string[]> = {
  email: ["email", "email_verified"],
  profile: ["name", "given_name", "family_name", "preferred_username", "picture", "locale", "updated_at"],
};

type SigningKey = { privateJwk: JsonWebKey & { kid: string }; publicJwk: JsonWebKey };

async function generateSigningKey(alg: "RS256" | "ES256"): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const meta = { kid: randomUUID(), alg, use: "sig" };
  return {
    privateJwk: { ...(await exportJWK(privateKey)), ...meta } as JsonWebKey & { kid: string },
    publicJwk: { ...(await exportJWK(publicKey)), ...meta } as JsonWebKey,
  };
}

// Every construction (including each key rotation) warns that the in-memory
// adapter and dev interactions are in use, which is exactly what we want here.
function withoutDevWarnings<T>(build: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes("development-only")) warn(...args);
  };
  try {
    return build();
  } finally {
    console.warn = warn;
  }
}

function defaultClaims(sub: string): Record<string, unknown> {
  return { sub, email: `${sub}@example.test`, email_verified: true, preferred_username: sub, name: sub };
}

export async function startOidcProvider(opts: OidcProviderOptions = {}): Promise<OidcFixture> {
  const clients = (opts.clients ?? [DEFAULT_CLIENT]).map((c) => ({
    ...c,
    redirect_uris: c.redirect_uris?.length ? c.redirect_uris : DEFAULT_CLIENT.redirect_uris,
  }));
  const accounts = opts.accounts ?? {};
  const idTokenTtl = opts.idTokenTtl ?? 3600;
  const keyAlg = opts.keyAlg ?? "RS256";
  // Stable across key rotations so browser sessions survive a provider rebuild.
  const cookieKeys = [randomBytes(32).toString("hex")];
  // Account claims outside the standard scopes (e.g. "groups") are released with "openid".
  const standard = new Set(["sub", ...Object.values(SCOPE_CLAIMS).flat()]);
  const extraClaims = [...new Set(Object.values(accounts).flatMap((a) => Object.keys(a)))].filter((c) => !standard.has(c));

  let key = await generateSigningKey(keyAlg);
  let discoveryOverride: ((doc: Record<string, unknown>) => Record<string, unknown>) | undefined;
  const counts = { discovery: 0, jwks: 0 };

  function buildProvider(issuer: string): Provider {
    const provider = withoutDevWarnings(() => new ProviderClass(issuer, {
      clients: clients.map((c) => ({
        client_id: c.client_id,
        redirect_uris: c.redirect_uris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        id_token_signed_response_alg: keyAlg,
        ...(c.client_secret
          ? { client_secret: c.client_secret, token_endpoint_auth_method: "client_secret_basic" }
          : { token_endpoint_auth_method: "none" }),
      })),
      jwks: { keys: [key.privateJwk] },
      async findAccount(_ctx: unknown, sub: string) {
        return {
          accountId: sub,
          claims: async () => ({ ...defaultClaims(sub), ...accounts[sub], sub }),
        };
      },
      claims: { openid: ["sub", ...extraClaims], ...SCOPE_CLAIMS },
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: true } },
      pkce: { methods: ["S256"], required: () => true },
      // Plain http: cookies are never `secure` here; SameSite=None without Secure
      // is dropped by Chromium, so both kinds of cookie use Lax.
      cookies: {
        keys: cookieKeys,
        long: { httpOnly: true, sameSite: "lax", signed: true },
        short: { httpOnly: true, sameSite: "lax", signed: true },
      },
      // Numbers instead of oidc-provider's default functions, which print notices.
      ttl: { IdToken: idTokenTtl, AccessToken: 3600, AuthorizationCode: 60, Grant: 3600, Interaction: 600, Session: 3600 },
    }));
    provider.use(async (ctx, next) => {
      await next();
      if (discoveryOverride && ctx.path === DISCOVERY_PATH && ctx.status === 200) {
        ctx.body = discoveryOverride(JSON.parse(JSON.stringify(ctx.body)));
      }
    });
    return provider;
  }

  let provider: Provider | undefined;
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  function requestListener(req: IncomingMessage, res: ServerResponse) {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    if (pathname === DISCOVERY_PATH) counts.discovery++;
    if (pathname === JWKS_PATH) counts.jwks++;
    // No keep-alive: a pooled connection would outlive down() and hide the outage.
    res.setHeader("connection", "close");
    handler!(req, res);
  }

  let port = opts.port ?? 0;
  let server: Server | undefined;
  async function listen() {
    const s = createServer(requestListener);
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  }
  async function stopListening() {
    const s = server;
    if (!s) return;
    server = undefined;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    // Keep-alive sockets would otherwise keep serving pooled fetch connections.
    s.closeAllConnections();
    await closed;
  }

  // The issuer contains the port, so the provider is built once the port is known.
  await listen();
  const issuer = `http://127.0.0.1:${port}`;
  function install() {
    provider = buildProvider(issuer);
    handler = provider.callback();
  }
  install();

  function getIdToken(sub: string, o: { clientId?: string; scope?: string; nonce?: string } = {}) {
    const client = o.clientId ? clients.find((c) => c.client_id === o.clientId) : clients[0];
    if (!client) throw new Error(`unknown client ${o.clientId}`);
    return fetchIdToken(issuer, client, sub, o);
  }

  return {
    issuer,
    getIdToken,
    counts,
    resetCounts() {
      counts.discovery = 0;
      counts.jwks = 0;
    },
    async rotateKeys() {
      key = await generateSigningKey(keyAlg);
      // oidc-provider reads its keys only at construction: rebuild it behind the same server.
      install();
    },
    publicJwks: () => ({ keys: [{ ...key.publicJwk }] }),
    privateJwk: () => ({ ...key.privateJwk }),
    down: stopListening,
    async up() {
      if (!server) await listen();
    },
    setDiscoveryOverride(fn) {
      discoveryOverride = fn;
    },
    close: stopListening,
  };
}

function parseStandaloneOptions(argv: string[], env: NodeJS.ProcessEnv): OidcProviderOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "id-token-ttl": { type: "string" },
      "key-alg": { type: "string" },
    },
  });
  const redirectUris = values["redirect-uri"] ?? env.OIDC_REDIRECT_URIS?.split(/[\s,]+/).filter(Boolean);
  const clientSecret = values["client-secret"] ?? env.OIDC_CLIENT_SECRET;
  const keyAlg = values["key-alg"] ?? env.OIDC_KEY_ALG ?? "RS256";
  if (keyAlg !== "RS256" && keyAlg !== "ES256") throw new Error(`unsupported --key-alg ${keyAlg}`);
  const ttl = values["id-token-ttl"] ?? env.OIDC_ID_TOKEN_TTL;
  return {
    port: Number(values.port ?? env.OIDC_PORT ?? 4455),
    clients: [
      {
        client_id: values["client-id"] ?? env.OIDC_CLIENT_ID ?? DEFAULT_CLIENT.client_id,
        // An empty secret makes a public client (PKCE only).
        client_secret: clientSecret === undefined ? DEFAULT_CLIENT.client_secret : clientSecret || undefined,
        redirect_uris: redirectUris,
      },
    ],
    idTokenTtl: ttl ? Number(ttl) : undefined,
    keyAlg,
  };
}

/**
 * Runs the real authorization-code flow with PKCE against a running provider
 * (in this process or another) and returns the ID token.
 */
export async function fetchIdToken(
  issuer: string,
  client: OidcClient & { redirect_uris: string[] },
  sub: string,
  o: { scope?: string; nonce?: string } = {},
): Promise<string> {
  const redirectUri = client.redirect_uris[0];
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(8).toString("hex");
  const jar = new Map<string, string>();

  const send = async (url: URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    // Path is ignored: the provider's cookie names are distinct, and extra cookies do no harm.
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]) < Date.now());
      if (!value || expired) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };

  const auth = new URL(`${issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: client.client_id,
    response_type: "code",
    redirect_uri: redirectUri,
    scope: o.scope ?? "openid email profile",
    state,
    nonce: o.nonce ?? randomBytes(8).toString("hex"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();

  // Walk the redirects and the dev login/consent forms the way a browser would.
  let res = await send(auth);
  let code: string | undefined;
  for (let step = 0; step < 12 && !code; step++) {
    const location = res.headers.get("location");
    if (location) {
      const next = new URL(location, res.url || auth);
      if (`${next.origin}${next.pathname}` === redirectUri) {
        const error = next.searchParams.get("error");
        if (error) throw new Error(`authorization failed: ${error} ${next.searchParams.get("error_description") ?? ""}`);
        if (next.searchParams.get("state") !== state) throw new Error("authorization response state mismatch");
        code = next.searchParams.get("code") ?? undefined;
        break;
      }
      res = await send(next);
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action || !prompt) {
      throw new Error(`unexpected provider response ${res.status}: ${html.slice(0, 500)}`);
    }
    const form = new URLSearchParams(prompt === "login" ? { prompt, login: sub, password: "any" } : { prompt });
    res = await send(new URL(action, issuer), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
  }
  if (!code) throw new Error("authorization flow did not reach the redirect_uri");

  const body = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier });
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (client.client_secret) {
    const basic = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString("base64")}`;
  } else {
    body.set("client_id", client.client_id);
  }
  const tokenRes = await fetch(`${issuer}/token`, { method: "POST", headers, body });
  const tokens = (await tokenRes.json()) as { id_token?: string; error?: string; error_description?: string };
  if (!tokenRes.ok || !tokens.id_token) {
    throw new Error(`token request failed (${tokenRes.status}): ${tokens.error} ${tokens.error_description ?? ""}`);
  }
  return tokens.id_token;
}

async function runStandalone() {
  const fixture = await startOidcProvider(parseStandaloneOptions(process.argv.slice(2), process.env));
  console.log(`issuer=${fixture.issuer}`);
  const shutdown = () => {
    void fixture.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runStandalone().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
