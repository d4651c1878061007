import type { NextRequest } from "next/server";
import { requireCaller, type Caller } from "@/lib/auth/caller";
import { forbidden } from "@/lib/errors/app-error";
import { assertMayManageKeys } from "./service";

/** Keys are managed by their owner only (/users/{guid}/keys must name the caller), never with a federated key. */
export async function requireSelf(req: NextRequest, guid: string): Promise<Caller> {
  const caller = await requireCaller(req);
  assertMayManageKeys(caller.federated);
  if (caller.user.guid !== guid) throw forbidden("You can only manage your own API keys.");
  return caller;
}
