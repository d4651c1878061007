import { route, json, readJson, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { deploySchema } from "@/lib/content/schema";
import { startDeploy } from "@/lib/content/deploy";

type Params = { guid: string };

/** Starts a deploy task and answers at once with its id; poll GET /__api__/v1/tasks/{id}. */
export const POST = route<Params>(async (req, { params }) => {
  const caller = await requireCaller(req, "publisher");
  const hasBody = req.headers.get("content-length") !== "0" && req.headers.get("content-type") !== null;
  const input = hasBody ? await readJson(req, deploySchema) : {};
  const started = await startDeploy(caller.user, (await params).guid, input, { userId: caller.user.id, ip: caller.ip });
  return json(started, 202);
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
