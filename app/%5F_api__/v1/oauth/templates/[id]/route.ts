import { route, json, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { notFound } from "@/lib/errors/app-error";
import { TEMPLATES } from "@/lib/federation/templates";

export const GET = route<{ id: string }>(async (req, { params }) => {
  await requireCaller(req, "publisher");
  const template = TEMPLATES[(await params).id as keyof typeof TEMPLATES];
  if (!template) throw notFound("Template");
  return json(template);
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
