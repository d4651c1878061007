import { route, otherMethods } from "@/lib/http/respond";
import { requireSelf } from "@/lib/keys/access";
import { parseKeyId, revokeUserKey } from "@/lib/keys/service";

type Params = { guid: string; id: string };

export const DELETE = route<Params>(async (req, { params }) => {
  const { guid, id } = await params;
  const caller = await requireSelf(req, guid);
  await revokeUserKey(caller.user.id, parseKeyId(id), { userId: caller.user.id, ip: caller.ip });
  return new Response(null, { status: 204 });
});

export const { GET, HEAD, POST, PUT, PATCH } = otherMethods("DELETE");
