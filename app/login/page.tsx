import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { LoginForm } from "@/components/login/login-form";
import { redirectErrorMessage, safeCallbackPath } from "@/components/login/sign-in-messages";
import { currentUser } from "@/lib/auth/caller";
import { ssoConfigured, ssoName } from "@/lib/auth/options";
import { setupRequired } from "@/lib/setup/service";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<{ error?: string | string[]; callbackUrl?: string | string[] }>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams; // first: it marks the page dynamic before any database read
  if (await setupRequired()) redirect("/setup");
  const callbackPath = safeCallbackPath(first(params.callbackUrl), (await headers()).get("host"));
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
