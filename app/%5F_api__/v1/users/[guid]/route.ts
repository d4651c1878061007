import { route, json, readJson, otherMethods } from "@/lib/http/respond";
import { hasRole, requireCaller } from "@/lib/auth/caller";
import { getUserByGuid, toApiUser, updateUser } from "@/lib/users/service";
import { updateUserSchema } from "@/lib/users/schema";

type Params = { guid: string };

export const GET = route<Params>(async (req, { params }) => {
  const { user: caller } = await requireCaller(req, "publisher");
  const user = await getUserByGuid((await params).guid);
  const self = caller.id === user.id;
  return json(toApiUser(user, { limited: !self && !hasRole(caller, "administrator") }));
});

export const PATCH = route<Params>(async (req, { params }) => {
  const caller = await requireCaller(req, "administrator");
  const input = await readJson(req, updateUserSchema);
  const user = await updateUser((await params).guid, input, { userId: caller.user.id, ip: caller.ip });
  return json(toApiUser(user));
});

export const { POST, PUT, DELETE } = otherMethods("GET", "PATCH");
