// Single-use tokens (an integration option): which tokens an integration has
// already exchanged. The primary key (integrationId, tokenHash) is the guard, so
// two exchanges of one token, on one instance or several sharing the database,
// cannot both claim it. Only exchanges through such integrations run these.
import type { Db } from "./client";
import { execute, statement, timestamp } from "./raw";

export type UsedTokenRef = { integrationId: number; tokenHash: string };

/** Records the token as used until `expiresAt`; false when it already was (nothing is written then). */
export async function claimToken(db: Db, t: UsedTokenRef, expiresAt: Date): Promise<boolean> {
  const inserted = await execute(
    db,
    statement(
      `INSERT INTO "UsedToken" ("integrationId", "tokenHash", "expiresAt") VALUES (?, ?, ?)
       ON CONFLICT ("integrationId", "tokenHash") DO NOTHING`,
      t.integrationId,
      t.tokenHash,
      timestamp(expiresAt),
    ),
  );
  return inserted === 1;
}

/** Gives a claimed token back, when the exchange that claimed it failed to mint its key. */
export async function releaseToken(db: Db, t: UsedTokenRef): Promise<void> {
  await execute(db, statement(`DELETE FROM "UsedToken" WHERE "integrationId" = ? AND "tokenHash" = ?`, t.integrationId, t.tokenHash));
}

/** Whether the token was exchanged already (the token debugger asks; it never claims). */
export async function tokenUsed(db: Db, t: UsedTokenRef): Promise<boolean> {
  return (await db.usedToken.count({ where: { integrationId: t.integrationId, tokenHash: t.tokenHash } })) > 0;
}
