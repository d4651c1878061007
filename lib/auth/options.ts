// next-auth, wired once: local password sign-in and, when configured, single
// sign-on with the organisation's OpenID Connect provider.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { config } from "@/lib/config/env";
import { signInWithPassword, signInWithSso, signOutEverywhere, ssoSignInVerdict } from "./sign-in";
import { clientIpOf } from "@/lib/http/client-ip";
import { safeCallbackPath } from "@/lib/http/safe-redirect";
import { log } from "@/lib/log";

const c = config();
// next-auth builds its callback URLs from NEXTAUTH_URL, or from the Host header when trusted.
if (c.publicUrl) process.env.NEXTAUTH_URL = c.publicUrl;
else process.env.AUTH_TRUST_HOST ??= "true";

type SsoProfile = Record<string, unknown> & { sub: string };

function ssoProvider(): OAuthConfig<SsoProfile> | undefined {
  const sso = c.sso;
  if (!sso) return undefined;
  return {
    id: "sso",
    name: sso.name,
    type: "oauth",
    wellKnown: `${sso.issuer}/.well-known/openid-configuration`,
    clientId: sso.clientId,
    clientSecret: sso.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile: (profile) => ({
      id: String(profile.sub),
      name: typeof profile.name === "string" ? profile.name : null,
      email: typeof profile.email === "string" ? profile.email : null,
    }),
  };
}

/** What went wrong, without the stack next-auth's default logger prints. */
function messageOf(metadata: unknown): string {
  const m = metadata as { error?: { message?: unknown }; message?: unknown } | undefined;
  return String(m instanceof Error ? m.message : (m?.error?.message ?? m?.message ?? metadata)).slice(0, 500);
}

export const authOptions: NextAuthOptions = {
  // One JSON line per event, as everywhere else. A session cookie that does not decrypt
  // is any client's doing (it is treated as signed out): not an error of ours.
  logger: {
    error(code, metadata) {
      if (code === "JWT_SESSION_ERROR") log.debug("session cookie rejected", { code, error: messageOf(metadata) });
      else log.error("sign-in error", { code, error: messageOf(metadata) });
    },
    warn: (code) => log.warn("sign-in warning", { code }),
    debug: () => undefined,
  },
  secret: c.authSecret,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      id: "password",
      name: "Password",
      credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const user = await signInWithPassword(
          credentials?.username ?? "",
          credentials?.password ?? "",
          clientIpOf(req.headers ?? {}),
        );
        return user ? { id: String(user.id), name: user.username, sessionVersion: user.sessionVersion } : null;
      },
    }),
    ...(ssoProvider() ? [ssoProvider()!] : []),
  ],
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "sso") return true;
      const verdict = await ssoSignInVerdict(profile as SsoProfile);
      // The sign-in page explains ?error=ServiceUser (components/login/sign-in-messages.ts).
      return verdict === "service_user" ? "/login?error=ServiceUser" : verdict === "allowed";
    },
    // `sv` is the user's session version at sign-in: raising it (sign-out, lock, role or
    // password change) ends this session, as lib/auth/caller.ts compares it on every request.
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "sso" && profile) {
        const local = await signInWithSso(profile as SsoProfile);
        token.uid = local.id;
        token.sv = local.sessionVersion;
      } else if (user) {
        token.uid = Number(user.id);
        token.sv = (user as { sessionVersion?: number }).sessionVersion;
      }
      return token;
    },
    // Every callbackUrl next-auth honours (after single sign-on, sign-out) stays on this server.
    // Absolute, because next-auth's client parses the answer with `new URL`.
    async redirect({ url, baseUrl }) {
      return new URL(safeCallbackPath(url, baseUrl), baseUrl).href;
    },
    async session({ session, token }) {
      return { ...session, uid: token.uid, sv: token.sv };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.uid === "number" && typeof token.sv === "number") await signOutEverywhere(token.uid, token.sv);
    },
  },
};

export const ssoConfigured = () => Boolean(c.sso);
export const ssoName = () => c.sso?.name;
