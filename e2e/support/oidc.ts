// The e2e run's OpenID Provider (test/support/oidc-provider.ts, started by
// playwright.config.ts). The same client serves dashboard SSO and, as Posit
// Workbench would, the ID tokens the federation tests exchange.
export const OIDC_ISSUER = "http://127.0.0.1:4455";
export const SSO_CLIENT = { id: "workbench", secret: "workbench-e2e-secret" };
