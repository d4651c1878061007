import { route, json, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { storeBundle } from "@/lib/content/bundles";
import { toLegacyBundle } from "@/lib/content/applications";

type Params = { id: string };

/** The raw gzip tar, streamed as on v1; answers the bundle with its numeric id. */
export const POST = route<Params>(async (req, { params }) => {
  const caller = await requireCaller(req, "publisher");
  const { content, bundle } = await storeBundle(caller.user, (await params).id, req, { userId: caller.user.id, ip: caller.ip });
  return json(toLegacyBundle(bundle, content.activeBundleId));
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
