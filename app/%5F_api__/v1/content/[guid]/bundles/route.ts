import { route, json, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { listBundles, uploadBundle } from "@/lib/content/bundles";

type Params = { guid: string };

export const GET = route<Params>(async (req, { params }) => {
  const { user } = await requireCaller(req);
  return json(await listBundles(user, (await params).guid));
});

/** The body is the raw gzip tar, read as a stream (see lib/content/archive.ts). */
export const POST = route<Params>(async (req, { params }) => {
  const caller = await requireCaller(req, "publisher");
  const bundle = await uploadBundle(caller.user, (await params).guid, req, { userId: caller.user.id, ip: caller.ip });
  return json(bundle, 201);
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
