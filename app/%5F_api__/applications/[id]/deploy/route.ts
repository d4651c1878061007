import { route, json, readJson, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { legacyDeploySchema } from "@/lib/content/schema";
import { startDeploy } from "@/lib/content/deploy";

type Params = { id: string };

/** `{"bundle": id}` → `{task_id}`; poll GET /__api__/tasks/{id}. */
export const POST = route<Params>(async (req, { params }) => {
  const caller = await requireCaller(req, "publisher");
  const input = await readJson(req, legacyDeploySchema);
  return json(await startDeploy(caller.user, (await params).id, input, { userId: caller.user.id, ip: caller.ip }));
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
