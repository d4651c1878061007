import { NextResponse } from "next/server";
import { route, json, readJson, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { updateContentSchema } from "@/lib/content/schema";
import { apiContentOf, deleteContent, getContentFor, updateContent } from "@/lib/content/service";
import { publicBase } from "@/lib/content/urls";

type Params = { guid: string };

export const GET = route<Params>(async (req, { params }) => {
  const { user } = await requireCaller(req);
  const content = await getContentFor(user, (await params).guid);
  const includeOwner = req.nextUrl.searchParams.get("include")?.split(",").includes("owner");
  return json(await apiContentOf(user, content, publicBase(req), includeOwner));
});

export const PATCH = route<Params>(async (req, { params }) => {
  const caller = await requireCaller(req, "publisher");
  const input = await readJson(req, updateContentSchema);
  const content = await updateContent(caller.user, (await params).guid, input, { userId: caller.user.id, ip: caller.ip });
  return json(await apiContentOf(caller.user, content, publicBase(req)));
});

export const DELETE = route<Params>(async (req, { params }) => {
  const caller = await requireCaller(req, "publisher");
  await deleteContent(caller.user, (await params).guid, { userId: caller.user.id, ip: caller.ip });
  return new NextResponse(null, { status: 204 });
});

export const { POST, PUT } = otherMethods("GET", "PATCH", "DELETE");
