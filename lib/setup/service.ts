// First run: the only way to create a user without being signed in, and only
// while the database has none and the caller knows the setup code (./code.ts).
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { User } from "@/lib/db/generated/sqlite/client";
import { recordAudit } from "@/lib/audit/service";
import { hashPassword } from "@/lib/auth/password";
import { conflict, forbidden } from "@/lib/errors/app-error";
import { forgetSetupCodes, removeSetupCodeFile, setupCodeAccepted } from "./code";
import { setupSchema } from "@/lib/users/schema";
import type { z } from "zod";

export type SetupInput = z.input<typeof setupSchema>;

const alreadySetUp = () => conflict("Setup is already complete: sign in instead.");
const wrongCode = () =>
  forbidden(
    "The setup code is missing or wrong. The server printed it in its log at start and saved it in its data directory, in the file setup-code.",
    { fields: [{ field: "setup_code", message: "is missing or wrong" }] },
  );

/** True until the first user exists; the setup page and the sign-in page route on it. */
export async function setupRequired(): Promise<boolean> {
  return (await db.user.count()) === 0;
}

/**
 * Creates the first administrator. The count is re-checked inside a serializable
 * transaction, so of two concurrent submissions exactly one succeeds; the loser
 * gets 409 whether the database made it wait or aborted it.
 */
export async function createFirstAdministrator(input: SetupInput, actor: { ip: string }): Promise<User> {
  const data = setupSchema.parse(input);
  if (!(await setupRequired())) throw alreadySetUp();
  if (!(await setupCodeAccepted(db, data.setup_code))) throw wrongCode();
  const passwordHash = await hashPassword(data.password); // slow on purpose: keep it out of the transaction
  try {
    const user = await db.$transaction(
      async (tx) => {
        if ((await tx.user.count()) > 0) throw alreadySetUp();
        await forgetSetupCodes(tx);
        const user = await tx.user.create({
          data: {
            guid: randomUUID(),
            username: data.username,
            email: data.email,
            userRole: "administrator",
            passwordHash,
          },
        });
        await recordAudit(tx, {
          actor: { ip: actor.ip },
          action: "user.create",
          outcome: "success",
          userId: user.id,
          details: { method: "setup", after: { username: user.username, user_role: user.userRole, email: user.email } },
        });
        return user;
      },
      { isolationLevel: "Serializable" },
    );
    removeSetupCodeFile();
    return user;
  } catch (err) {
    // A serialization failure or unique violation means another submission won.
    if (!(await setupRequired())) throw alreadySetUp();
    throw err;
  }
}
