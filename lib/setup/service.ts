// First run: the only way to create a user without being signed in, and only
// while the database has none.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { User } from "@/lib/db/generated/sqlite/client";
import { recordAudit } from "@/lib/audit/service";
import { hashPassword } from "@/lib/auth/password";
import { conflict } from "@/lib/errors/app-error";
import { setupSchema } from "@/lib/users/schema";
import type { z } from "zod";

export type SetupInput = z.input<typeof setupSchema>;

const alreadySetUp = () => conflict("Setup is already complete: sign in instead.");

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
  const passwordHash = await hashPassword(data.password); // slow on purpose: keep it out of the transaction
  try {
    return await db.$transaction(
      async (tx) => {
        if ((await tx.user.count()) > 0) throw alreadySetUp();
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
  } catch (err) {
    // A serialization failure or unique violation means another submission won.
    if (!(await setupRequired())) throw alreadySetUp();
    throw err;
  }
}
