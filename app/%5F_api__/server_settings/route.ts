import { route, json, otherMethods } from "@/lib/http/respond";
import { serverSettings } from "@/lib/settings/server-settings";

export const GET = route(async () => json(await serverSettings()));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
