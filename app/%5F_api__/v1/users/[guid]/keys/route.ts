import { route, json, readJson, otherMethods } from "@/lib/http/respond";
import { requireSelf } from "@/lib/keys/access";
import { createUserKey, listUserKeys, toApiKey } from "@/lib/keys/service";
import { createKeySchema } from "@/lib/keys/schema";

type Params = { guid: string };

export const GET = route<Params>(async (req, { params }) => {
  const { user } = await requireSelf(req, (await params).guid);
  const keys = await listUserKeys(user.id);
  return json(keys.map((k) => toApiKey(k, user.guid)));
});

export const POST = route<Params>(async (req, { params }) => {
  const caller = await requireSelf(req, (await params).guid);
  const input = await readJson(req, createKeySchema);
  const { row, key } = await createUserKey(caller.user, input, { userId: caller.user.id, ip: caller.ip });
  return json(toApiKey(row, caller.user.guid, key), 201);
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
