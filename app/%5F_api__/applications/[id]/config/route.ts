import { route, json, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { getContentFor } from "@/lib/content/service";
import { applicationConfig } from "@/lib/content/applications";
import { publicBase } from "@/lib/content/urls";

type Params = { id: string };

/** Where rsconnect opens the browser after a deploy. */
export const GET = route<Params>(async (req, { params }) => {
  const { user } = await requireCaller(req);
  return json(applicationConfig(await getContentFor(user, (await params).id), publicBase(req)));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
