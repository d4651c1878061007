import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { User } from "@/lib/db/generated/sqlite/client";
import { recordAudit } from "@/lib/audit/service";
import { getSetting } from "@/lib/settings/service";
import { verifyPassword } from "./password";
import { checkRateLimit } from "@/lib/http/rate-limit";
import { AppError } from "@/lib/errors/app-error";
import { config } from "@/lib/config/env";
import { endSessions } from "@/lib/users/service";
import { emailSchema, NAME_MAX_LENGTH, SERVICE_USER_SIGN_IN } from "@/lib/users/schema";
import { holdsNul, storable } from "@/lib/validation/text";
import { recordSignInFailure, recordSignInSuccess, signInWait } from "./sign-in-throttle";

/** Returns the user when the password is right and the account usable; audits both outcomes. */
export async function signInWithPassword(username: string, password: string, ip: string): Promise<User | null> {
  if (!checkRateLimit(`sign-in:${ip}`, config().signInRateLimit)) {
    throw new AppError("rate_limited", "Too many sign-in attempts. Wait a minute and try again.");
  }
  const throttleKey = username.slice(0, 64);
  const wait = signInWait(throttleKey, ip);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new AppError(
      "rate_limited",
      `Too many sign-in attempts for this user. Wait ${seconds} seconds and try again.`,
      {},
      { "Retry-After": String(seconds) },
    );
  }
  // A username with NUL is nobody's (lib/validation/text.ts): no lookup, and the same answer as a wrong password.
  const user = username && !holdsNul(username) ? await db.user.findUnique({ where: { username } }) : null;
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  const reason = !user || !ok ? "invalid_credentials" : user.locked ? "user_locked" : user.serviceUser ? "service_user" : undefined;
  await recordAudit(db, {
    actor: { ip, userId: reason ? undefined : user!.id },
    action: "auth.sign_in",
    outcome: reason ? "failure" : "success",
    reason,
    userId: user?.id,
    details: { method: "password", username: username.slice(0, 64) },
  });
  if (reason === "invalid_credentials") recordSignInFailure(throttleKey, ip);
  else if (!reason) recordSignInSuccess(throttleKey);
  // Said only after the password was right, so it tells nothing to someone guessing.
  if (reason === "service_user") throw new AppError("forbidden", SERVICE_USER_SIGN_IN);
  return reason ? null : user;
}

async function uniqueIdOf(profile: Record<string, unknown>): Promise<string | undefined> {
  const claim = await getSetting("OAuth2.UniqueIdClaim");
  const value = profile[claim];
  // With NUL it can be no user's external ID (lib/validation/text.ts).
  return typeof value === "string" && value && !holdsNul(value) ? value : undefined;
}

/** Whether single sign-on may continue: "refused" for a missing claim or a locked user, "service_user" for a pipeline's account. */
export async function ssoSignInVerdict(profile: Record<string, unknown>): Promise<"allowed" | "refused" | "service_user"> {
  const externalId = await uniqueIdOf(profile);
  if (!externalId) return "refused";
  const user = await db.user.findUnique({ where: { externalId } });
  if (user?.serviceUser) {
    await recordAudit(db, {
      actor: {},
      action: "auth.sign_in",
      outcome: "failure",
      reason: "service_user",
      userId: user.id,
      details: { method: "sso" },
    });
    return "service_user";
  }
  return user?.locked ? "refused" : "allowed";
}

/** Finds the user whose external_id is the profile's unique id claim, creating a viewer on first sign-in. */
export async function signInWithSso(profile: Record<string, unknown>): Promise<User> {
  const externalId = await uniqueIdOf(profile);
  if (!externalId) throw new Error("The ID token lacks the unique id claim.");
  const existing = await db.user.findUnique({ where: { externalId } });
  if (existing) {
    await recordAudit(db, {
      actor: { userId: existing.id },
      action: "auth.sign_in",
      outcome: "success",
      userId: existing.id,
      details: { method: "sso" },
    });
    return existing;
  }
  const str = (k: string) => (typeof profile[k] === "string" ? storable(profile[k] as string) : "");
  const base = (str("preferred_username") || str("email").split("@")[0] || `user-${externalId}`)
    .replace(/[^A-Za-z0-9._@-]/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, 48) || "user";
  return db.$transaction(async (tx) => {
    let username = base;
    for (let n = 2; await tx.user.findUnique({ where: { username } }); n++) username = `${base}-${n}`;
    const user = await tx.user.create({
      data: {
        guid: randomUUID(),
        username,
        // What the provider says, within what a user holds (lib/users/schema.ts): an email only if it is one.
        email: emailSchema.safeParse(str("email")).success ? str("email") : "",
        firstName: str("given_name").trim().slice(0, NAME_MAX_LENGTH),
        lastName: str("family_name").trim().slice(0, NAME_MAX_LENGTH),
        userRole: "viewer",
        externalId,
      },
    });
    await recordAudit(tx, {
      actor: { userId: user.id },
      action: "user.create",
      outcome: "success",
      userId: user.id,
      details: { method: "sso", after: { username, external_id: externalId, user_role: "viewer" } },
    });
    return user;
  });
}

/**
 * Signing out ends every session of the user, not only this browser's: a copied
 * cookie stops working too. A token already ended changes nothing (replaying an
 * old cookie to the sign-out endpoint cannot sign the user out again).
 */
export async function signOutEverywhere(userId: number, sessionVersion: number): Promise<void> {
  if (!(await endSessions(userId, sessionVersion))) return;
  await recordAudit(db, { actor: { userId }, action: "auth.sign_out", outcome: "success", userId });
}
