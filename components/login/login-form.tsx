"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { safeCallbackPath } from "@/lib/http/safe-redirect";
import { passwordSignInMessage } from "./sign-in-messages";

type LoginFormProps = { ssoName?: string; callbackPath: string; initialError?: string };

export function LoginForm({ ssoName, callbackPath, initialError }: LoginFormProps) {
  const router = useRouter();
  const [problem, setProblem] = useState(initialError);
  // Keys the alert, so the same message after another attempt is announced again.
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState<"password" | "sso">();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get("username") ?? "").trim();
    const password = String(form.get("password") ?? "");
    setAttempt((n) => n + 1);
    if (!username || !password) {
      setProblem("Enter your username and password.");
      return;
    }
    setProblem(undefined);
    setPending("password");
    const result = await signIn("password", { username, password, redirect: false });
    if (result?.ok && !result.error) {
      router.replace(safeCallbackPath(callbackPath));
      return;
    }
    setPending(undefined);
    setProblem(passwordSignInMessage(result?.error ?? ""));
  }

  function signInWithSso() {
    setPending("sso");
    void signIn("sso", { callbackUrl: safeCallbackPath(callbackPath) });
  }

  return (
    <div className="space-y-6">
      {problem && <Alert key={attempt}>{problem}</Alert>}
      <form onSubmit={onSubmit} noValidate className="space-y-5">
        <Field label="Username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" disabled={pending !== undefined} className="w-full">
          {pending === "password" ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {ssoName && (
        <>
          <div className="flex items-center gap-3 text-sm text-slate-600" aria-hidden="true">
            <span className="h-px flex-1 bg-slate-200" />
            or
            <span className="h-px flex-1 bg-slate-200" />
          </div>
          <Button variant="secondary" onClick={signInWithSso} disabled={pending !== undefined} className="w-full">
            {pending === "sso" ? "Redirecting…" : `Sign in with ${ssoName}`}
          </Button>
        </>
      )}
    </div>
  );
}
