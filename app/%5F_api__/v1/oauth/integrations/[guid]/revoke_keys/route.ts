import { route, json, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { revokeKeysOfIntegration } from "@/lib/federation/integrations";

type Params = { guid: string };

export const POST = route<Params>(async (req, { params }) => {
  const caller = await requireCaller(req, "administrator");
  const revoked = await revokeKeysOfIntegration((await params).guid, { userId: caller.user.id, ip: caller.ip });
  return json({ revoked });
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
