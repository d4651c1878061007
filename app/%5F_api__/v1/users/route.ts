import { route, json, readJson, readQuery, otherMethods } from "@/lib/http/respond";
import { hasRole, requireCaller } from "@/lib/auth/caller";
import { createUser, listUsers, toApiUser } from "@/lib/users/service";
import { createUserSchema, listUsersQuerySchema } from "@/lib/users/schema";

export const GET = route(async (req) => {
  const { user } = await requireCaller(req, "publisher");
  const limited = !hasRole(user, "administrator");
  const page = await listUsers(readQuery(req, listUsersQuerySchema), { limited });
  return json({ ...page, results: page.results.map((u) => toApiUser(u, { limited })) });
});

export const POST = route(async (req) => {
  const caller = await requireCaller(req, "administrator");
  const input = await readJson(req, createUserSchema);
  const user = await createUser(input, { userId: caller.user.id, ip: caller.ip });
  return json(toApiUser(user), 201);
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
