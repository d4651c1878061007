"use client";

import { useState, type FormEvent } from "react";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { setupSchema } from "@/lib/users/schema";
import { ApiError } from "@/lib/http/api-client";
import { setupMutationOptions } from "@/lib/setup/queries";
import { fieldErrorsOf, type FieldErrors } from "@/components/forms/field-errors";
import { focusFirstInvalid } from "@/components/forms/focus";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function SetupForm() {
  const router = useRouter();
  const setup = useMutation(setupMutationOptions());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<{ message: string; signInLink?: boolean }>();
  const [signingIn, setSigningIn] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setProblem(undefined);
    const parsed = setupSchema.safeParse(Object.fromEntries(new FormData(form)));
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error.issues));
      focusFirstInvalid(form);
      return;
    }
    setErrors({});
    try {
      await setup.mutateAsync(parsed.data);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) {
        setErrors(fieldErrorsOf(err.fields));
        focusFirstInvalid(form);
      } else {
        const message = err instanceof Error ? err.message : "Setup failed. Try again.";
        setProblem({ message, signInLink: err instanceof ApiError && err.status === 409 });
      }
      return;
    }
    setSigningIn(true);
    const result = await signIn("password", {
      username: parsed.data.username,
      password: parsed.data.password,
      redirect: false,
    });
    if (result?.ok) {
      router.replace("/");
      return;
    }
    setSigningIn(false);
    setProblem({ message: "The administrator was created, but signing in failed.", signInLink: true });
  }

  const busy = setup.isPending || signingIn;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {problem && (
        <Alert>
          {problem.message}{" "}
          {problem.signInLink && (
            <Link href="/login" className="font-medium underline">
              Go to sign in
            </Link>
          )}
        </Alert>
      )}
      <Field
        label="Setup code"
        name="setup_code"
        autoComplete="one-time-code"
        autoCapitalize="characters"
        spellCheck={false}
        hint="The server printed it in its log when it started, and saved it in its data directory as the file setup-code."
        required
        error={errors.setup_code && `Setup code ${errors.setup_code}`}
      />
      <Field
        label="Username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        error={errors.username && `Username ${errors.username}`}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        required
        error={errors.password && `Password ${errors.password}`}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        optional
        error={errors.email && `Email ${errors.email}`}
      />
      <Button type="submit" disabled={busy} className="w-full">
        {signingIn ? "Signing in…" : setup.isPending ? "Creating administrator…" : "Create administrator"}
      </Button>
    </form>
  );
}
