import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { LoginForm } from "@/components/login/login-form";
import { redirectErrorMessage } from "@/components/login/sign-in-messages";
import { currentUser } from "@/lib/auth/caller";
import { ssoConfigured, ssoName } from "@/lib/auth/options";
import { config } from "@/lib/config/env";
import { safeCallbackPath } from "@/lib/http/safe-redirect";
import { setupRequired } from "@/lib/setup/service";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<{ error?: string | string[]; callbackUrl?: string | string[] }>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** next-auth sends absolute callbackUrls: those on the origin the browser used are accepted too. */
async function browserOrigin(): Promise<string | undefined> {
  const h = await headers();
  const host = h.get("host");
  return config().publicUrl ?? (host ? `${h.get("x-forwarded-proto") === "https" ? "https" : "http"}://${host}` : undefined);
}

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams; // first: it marks the page dynamic before any database read
  if (await setupRequired()) redirect("/setup");
  const callbackPath = safeCallbackPath(first(params.callbackUrl), await browserOrigin());
  if (await currentUser()) redirect(callbackPath);
  return (
    <AuthShell title="Sign in">
      <LoginForm
        ssoName={ssoConfigured() ? ssoName() : undefined}
        callbackPath={callbackPath}
        initialError={redirectErrorMessage(first(params.error))}
      />
    </AuthShell>
  );
}
