// What to tell a person whose sign-in failed, from next-auth's error codes.
import { SERVICE_USER_SIGN_IN } from "@/lib/users/schema";

export const INVALID_CREDENTIALS = "Invalid username or password.";

const REDIRECT_ERRORS: Record<string, string> = {
  CredentialsSignin: INVALID_CREDENTIALS,
  SessionRequired: "Sign in to continue.",
  ServiceUser: SERVICE_USER_SIGN_IN,
  AccessDenied:
    "Single sign-on worked, but this server refused the account: it may be locked, or the identity provider did not send the expected user id claim.",
};

/** For ?error= on the sign-in page (next-auth redirects there, mostly after single sign-on). */
export function redirectErrorMessage(code: string | undefined): string | undefined {
  if (!code) return undefined;
  // Own keys only: `?error=__proto__` would otherwise find Object.prototype, which React cannot pass to the form.
  return (Object.hasOwn(REDIRECT_ERRORS, code) ? REDIRECT_ERRORS[code] : undefined) ?? "Single sign-on failed. Try again, or ask an administrator to check the server's SSO settings.";
}

/** For signIn(…, { redirect: false }): a thrown authorize() error arrives as its message; only the rate limit's is for users. */
export function passwordSignInMessage(error: string): string {
  if (error === "CredentialsSignin") return INVALID_CREDENTIALS;
  if (/too many sign-in attempts/i.test(error) || error === SERVICE_USER_SIGN_IN) return error;
  return "Sign-in failed. Try again.";
}
