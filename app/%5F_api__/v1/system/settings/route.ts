import { route, json, readJson, otherMethods } from "@/lib/http/respond";
import { requireCaller } from "@/lib/auth/caller";
import { listSettings, updateSettings } from "@/lib/settings/service";
import { patchSettingsSchema } from "@/lib/settings/schema";

export const GET = route(async (req) => {
  await requireCaller(req, "administrator");
  return json(await listSettings());
});

export const PATCH = route(async (req) => {
  const caller = await requireCaller(req, "administrator");
  const input = await readJson(req, patchSettingsSchema);
  return json(await updateSettings(input, { userId: caller.user.id, ip: caller.ip }));
});

export const { POST, PUT, DELETE } = otherMethods("GET", "PATCH");
