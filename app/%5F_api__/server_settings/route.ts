import { route, json } from "@/lib/http/respond";
import { serverSettings } from "@/lib/settings/server-settings";

export const GET = route(async () => json(await serverSettings()));
