// Single-use tokens: with the integration's `single_use_tokens` on, a token is
// exchanged once while it is valid; a replay is `token_replayed`. Off by default:
// Posit's clients (Workbench's rsconnect) exchange the same token again.
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { claimToken, releaseToken, tokenUsed, type UsedTokenRef } from "@/lib/db/used-tokens";
import type { Evaluation } from "./evaluate";
import { reject } from "./reasons";

/** The token's identity within its integration: its jti when it has one (issuers make those unique), else the token itself, hashed. */
function usedTokenRef(token: string, ev: Evaluation): UsedTokenRef {
  const jti = ev.claims?.jti;
  const id = typeof jti === "string" && jti.length > 0 ? `jti:${jti}` : `token:${token}`;
  return { integrationId: ev.integration!.id, tokenHash: createHash("sha256").update(id).digest("hex") };
}

/**
 * Claims a verified token for its exchange; throws token_replayed when it was
 * claimed before. Resolves to the release to call should the key not be minted.
 */
export async function claimSingleUseToken(token: string, ev: Evaluation): Promise<() => Promise<void>> {
  const ref = usedTokenRef(token, ev);
  // Kept until the last moment validation would still accept the token; retention deletes it after.
  const until = new Date(((ev.claims!.exp as number) + ev.integration!.config.clock_skew) * 1000);
  if (!(await claimToken(db, ref, until))) throw reject("token_replayed");
  return () => releaseToken(db, ref);
}

/** For the token debugger: whether an exchange would now find the token used. */
export function singleUseTokenUsed(token: string, ev: Evaluation): Promise<boolean> {
  return tokenUsed(db, usedTokenRef(token, ev));
}
