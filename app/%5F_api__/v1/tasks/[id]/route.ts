import { route, json, readQuery, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { taskQuerySchema } from "@/lib/content/schema";
import { getTaskFor } from "@/lib/content/tasks";

type Params = { id: string };

/** `first`: index of the first output line to return; `wait`: seconds (≤ 10) to hold the request until the task finishes. */
export const GET = route<Params>(async (req, { params }) => {
  const { user } = await requireCaller(req);
  const q = readQuery(req, taskQuerySchema);
  return json(await getTaskFor(user, (await params).id, q, req.signal));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
