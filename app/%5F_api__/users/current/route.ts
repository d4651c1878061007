import { route, json, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { toApiUser } from "@/lib/users/service";

// Legacy endpoint: includes the numeric id older clients read.
export const GET = route(async (req) => {
  const { user } = await requireCaller(req);
  return json(toApiUser(user, { legacyId: true }));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
