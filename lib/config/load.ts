// Environment variables, validated once. Imported by the server and the CLI;
// has no server-only marker so scripts and tests can load it too.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import "@/lib/validation/messages";

const bool = z
  .enum(["true", "false", "1", "0", "on", "off", "yes", "no"])
  .transform((v) => ["true", "1", "on", "yes"].includes(v));

const optionalUrl = z.url({ protocol: /^https?$/ }).optional();

const schema = z.object({
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: or postgresql://")
    .optional(),
  PUBLIC_URL: optionalUrl,
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SSO_ISSUER: optionalUrl,
  SSO_CLIENT_ID: z.string().min(1).optional(),
  SSO_CLIENT_SECRET: z.string().min(1).optional(),
  SSO_NAME: z.string().min(1).default("Single sign-on"),
  SETTING_EARLY_ACCESS_IDENTITY_FEDERATION: bool.optional(),
  SETTING_OAUTH2_UNIQUE_ID_CLAIM: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be a claim name").optional(),
  SETTING_FEDERATION_MAX_KEY_LIFETIME: z.coerce.number().int().min(60).max(86400 * 7).optional(),
  SETTING_RETENTION_AUDIT_EVENT_DAYS: z.coerce.number().int().min(0).max(36500).optional(),
  SETTING_RETENTION_API_KEY_GRACE_DAYS: z.coerce.number().int().min(0).max(36500).optional(),
  BUNDLE_MAX_BYTES: z.coerce.number().int().min(1024).default(100 * 1024 * 1024),
  UPLOAD_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  UPLOADS_PER_USER: z.coerce.number().int().min(1).max(64).default(2),
  // 0 = no quota.
  STORAGE_QUOTA_BYTES: z.coerce.number().int().min(0).default(10 * 1024 ** 3),
  EXCHANGE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  // At least 16 characters: a scrape credential worth the name.
  METRICS_TOKEN: z.string().min(16, "use at least 16 characters").regex(/^\S+$/, "no spaces: it is sent as a bearer token").optional(),
  // Who may say, in X-Forwarded-For, which address a request came from (see trustedProxiesOf).
  TRUSTED_PROXIES: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // How soon a token signed with an unknown kid may make us fetch a provider's key set again.
  FEDERATION_JWKS_REFETCH_COOLDOWN_MS: z.coerce.number().int().min(0).default(30_000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: Record<string, string | undefined>) {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  const databaseUrl = c.DATABASE_URL ?? `file:${path.join(dataDir, "federation.db")}`;
  const provider = databaseUrl.startsWith("file:") ? ("sqlite" as const) : ("postgresql" as const);
  const sso = [c.SSO_ISSUER, c.SSO_CLIENT_ID, c.SSO_CLIENT_SECRET];
  if (sso.some(Boolean) && !sso.every(Boolean)) {
    throw new Error("Invalid configuration:\n  SSO_ISSUER, SSO_CLIENT_ID and SSO_CLIENT_SECRET must be set together.");
  }
  const trustedProxies = trustedProxiesOf(c.TRUSTED_PROXIES);
  if (typeof trustedProxies === "string") throw new Error(`Invalid configuration:\n  TRUSTED_PROXIES: ${trustedProxies}`);
  if (!c.AUTH_SECRET && provider === "postgresql") {
    throw new Error(
      "Invalid configuration:\n  AUTH_SECRET: required with PostgreSQL, so every instance signs sessions with the same secret.",
    );
  }
  return {
    dataDir,
    databaseUrl,
    provider,
    publicUrl: c.PUBLIC_URL?.replace(/\/$/, ""),
    authSecret: c.AUTH_SECRET ?? embeddedSecret(dataDir),
    sso: c.SSO_ISSUER
      ? { issuer: c.SSO_ISSUER, clientId: c.SSO_CLIENT_ID!, clientSecret: c.SSO_CLIENT_SECRET!, name: c.SSO_NAME }
      : undefined,
    settingOverrides: {
      "EarlyAccess.IdentityFederation": c.SETTING_EARLY_ACCESS_IDENTITY_FEDERATION,
      "OAuth2.UniqueIdClaim": c.SETTING_OAUTH2_UNIQUE_ID_CLAIM,
      "Federation.MaxKeyLifetime": c.SETTING_FEDERATION_MAX_KEY_LIFETIME,
      "Retention.AuditEventDays": c.SETTING_RETENTION_AUDIT_EVENT_DAYS,
      "Retention.ApiKeyGraceDays": c.SETTING_RETENTION_API_KEY_GRACE_DAYS,
    },
    bundleMaxBytes: c.BUNDLE_MAX_BYTES,
    uploadConcurrency: c.UPLOAD_CONCURRENCY,
    uploadsPerUser: c.UPLOADS_PER_USER,
    storageQuotaBytes: c.STORAGE_QUOTA_BYTES,
    exchangeRateLimit: c.EXCHANGE_RATE_LIMIT_PER_MINUTE,
    signInRateLimit: c.SIGN_IN_RATE_LIMIT_PER_MINUTE,
    metricsToken: c.METRICS_TOKEN,
    logLevel: c.LOG_LEVEL,
    jwksRefetchCooldownMs: c.FEDERATION_JWKS_REFETCH_COOLDOWN_MS,
    trustedProxies,
    port: c.PORT,
  };
}

/**
 * The proxies whose X-Forwarded-For entries are believed: none by default, a hop
 * count ("1": the peer is the proxy), or addresses and CIDRs, with proxy-addr's
 * names for common ranges. The ranges are kept as text so the config stays plain data.
 */
export type TrustedProxies = { hops: number } | { ranges: string[] };

const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.1/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/** Parsed TRUSTED_PROXIES, or the reason it is invalid. */
export function trustedProxiesOf(value: string | undefined): TrustedProxies | string {
  if (!value?.trim()) return { ranges: [] };
  if (/^\s*\d+\s*$/.test(value)) return { hops: Number(value) };
  const ranges: string[] = [];
  for (const item of value.split(",").map((v) => v.trim()).filter(Boolean)) {
    if (NAMED_RANGES[item]) {
      ranges.push(...NAMED_RANGES[item]);
    } else if (item.includes("/") ? isCidr(item) : ipaddr.isValid(item)) {
      ranges.push(item.includes("/") ? item : `${item}/${ipaddr.parse(item).kind() === "ipv4" ? 32 : 128}`);
    } else {
      return `"${item}" is not an address, a CIDR range, loopback, linklocal or uniquelocal (or give a hop count alone)`;
    }
  }
  return { ranges };
}

function isCidr(value: string): boolean {
  try {
    ipaddr.parseCIDR(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates `dir` readable by this user only (0700), and narrows it when it already
 * exists wider: it holds the database, the session secret and the setup code.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== "win32" && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** A single-machine install keeps a generated session secret beside its database. */
function embeddedSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  ensurePrivateDir(dataDir);
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    return readFileSync(file, "utf8").trim(); // another process wrote it first
  }
}
