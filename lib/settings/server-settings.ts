import { CONNECT_COMPATIBLE_VERSION, VERSION } from "@/lib/version";
import { config } from "@/lib/config/env";
import { getSettings } from "./service";

/** What an anonymous client may learn: version and enabled features (Connect's /server_settings). */
export async function serverSettings() {
  const s = await getSettings();
  return {
    version: CONNECT_COMPATIBLE_VERSION,
    product: "Identity Federation Server",
    product_version: VERSION,
    authentication: { name: "password", sso: Boolean(config().sso) },
    features: { identity_federation: s["EarlyAccess.IdentityFederation"] },
    oauth_integrations_enabled: s["EarlyAccess.IdentityFederation"],
  };
}
