import type { NextConfig } from "next";
import { USER_CONTENT_CSP, USER_CONTENT_SOURCE } from "./lib/content/headers";
import { STATIC_CSP } from "./lib/http/csp";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Pages get a per-request nonce policy from proxy.ts instead, which takes precedence over this one.
  { key: "Content-Security-Policy", value: STATIC_CSP },
];

const nextConfig: NextConfig = {
  // Native and driver modules stay outside the bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "oidc-provider"],
  poweredByHeader: false,
  // proxy.ts drops trailing slashes itself, except on served content (see there).
  skipTrailingSlashRedirect: true,
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Served bundles get a sandbox instead: later rules win for the same header.
      { source: USER_CONTENT_SOURCE, headers: [{ key: "Content-Security-Policy", value: USER_CONTENT_CSP }] },
    ];
  },
};

export default nextConfig;
