import { route, json, readJson, otherMethods } from "@/lib/http/respond";
import { clientIpOf } from "@/lib/http/client-ip";
import { createFirstAdministrator } from "@/lib/setup/service";
import { setupSchema } from "@/lib/users/schema";
import { toApiUser } from "@/lib/users/service";

export const POST = route(async (req) => {
  const input = await readJson(req, setupSchema);
  const user = await createFirstAdministrator(input, { ip: clientIpOf(req.headers) });
  return json(toApiUser(user), 201);
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
