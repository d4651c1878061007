import { route, json, readQuery, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { legacyTaskQuerySchema } from "@/lib/content/schema";
import { readTaskFor, toLegacyTask } from "@/lib/content/tasks";

type Params = { id: string };

/** The legacy shape of GET /__api__/v1/tasks/{id}: `status[]` from `first_status` on, `last_status`. */
export const GET = route<Params>(async (req, { params }) => {
  const { user } = await requireCaller(req);
  const q = readQuery(req, legacyTaskQuerySchema);
  return json(toLegacyTask(await readTaskFor(user, (await params).id, q, req.signal), q.first));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
