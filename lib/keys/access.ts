import type { NextRequest } from "next/server";
import { requireCaller, type Caller } from "@/lib/auth/caller";
import { forbidden } from "@/lib/errors/app-error";

/** Keys are managed by their owner only: /users/{guid}/keys must name the caller. */
export async function requireSelf(req: NextRequest, guid: string): Promise<Caller> {
  const caller = await requireCaller(req);
  if (caller.user.guid !== guid) throw forbidden("You can only manage your own API keys.");
  return caller;
}
