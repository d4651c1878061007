// The e2e run's OpenID Provider (test/support/oidc-provider.ts, started by
// playwright.config.ts). The same client serves dashboard SSO and, as Posit
// Workbench would, the ID tokens the federation tests exchange.
import { appUrl } from "./servers";

export const OIDC_ISSUER = "http://127.0.0.1:4455";
export const SSO_CLIENT = { id: "workbench", secret: "workbench-e2e-secret" };

/**
 * SSO_CLIENT as fetchIdToken drives it to get a test's ID token: it stops at the
 * redirect back to the app, so any registered redirect URI serves, whichever
 * worker's server the token is for.
 */
export const ID_TOKEN_CLIENT = {
  client_id: SSO_CLIENT.id,
  client_secret: SSO_CLIENT.secret,
  redirect_uris: [`${appUrl(0)}/api/auth/callback/sso`],
};
