// The RFC 8693 face of the exchange, driven by a strict third-party OAuth client
// (oauth4webapi) whose requests are routed to our handlers.
import { describe, expect, it } from "vitest";
import * as oauth from "oauth4webapi";
import { NextRequest } from "next/server";
import * as metadata from "@/app/.well-known/oauth-authorization-server/route";
import * as token from "@/app/oauth/token/route";
import * as me from "@/app/%5F_api__/v1/user/route";
import { BASE, call, makeUser, unique } from "../support/fixtures";
import { GRANT, ID_TOKEN_TYPE, signToken, trustedProviderForFile } from "../support/federation";

const provider = trustedProviderForFile();

/** Sends oauth4webapi's requests to the route handlers instead of the network. */
const routeToHandlers: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const headers = new Headers(init?.headers);
  headers.set("host", url.host); // as a real client's request would carry
  const req = new NextRequest(url, { ...(init as object), headers } as never);
  const path = new URL(req.url).pathname;
  if (path === "/.well-known/oauth-authorization-server") return metadata.GET(req);
  if (path === "/oauth/token") return token.POST(req);
  return new Response("not found", { status: 404 });
};

const options = { [oauth.customFetch]: routeToHandlers, [oauth.allowInsecureRequests]: true };
const client: oauth.Client = { client_id: "federation-client" };

async function discover() {
  const issuer = new URL(BASE);
  const res = await oauth.discoveryRequest(issuer, { ...options, algorithm: "oauth2" });
  return oauth.processDiscoveryResponse(issuer, res);
}


describe("OAuth 2.0 token exchange endpoint", () => {
  it("publishes RFC 8414 metadata with the token-exchange grant", async () => {
    const as = await discover();
    expect(as.issuer).toBe(BASE);
    expect(as.token_endpoint).toBe(`${BASE}/oauth/token`);
    expect(as.grant_types_supported).toContain("urn:ietf:params:oauth:grant-type:token-exchange");
  });

  it("issues a Bearer token to a standards client, usable on the API", async () => {
    const sub = unique("sub");
    const { user } = await makeUser({ externalId: sub });
    const as = await discover();
    const idToken = await provider.op.getIdToken(sub, { clientId: "workbench" });
    const res = await oauth.genericTokenEndpointRequest(
      as,
      client,
      oauth.None(),
      GRANT,
      { subject_token: idToken, subject_token_type: ID_TOKEN_TYPE },
      options,
    );
    const result = await oauth.processGenericTokenEndpointResponse(as, client, res);
    expect(result.token_type).toBe("bearer");
    expect(result.issued_token_type).toBe("urn:ietf:params:oauth:token-type:access_token");
    expect(result.expires_in).toBeGreaterThan(0);
    const who = await call(me.GET, { authorization: `Bearer ${result.access_token}` });
    expect(who.status).toBe(200);
    expect(who.body.guid).toBe(user.guid);
  });

  it("reports a rejected token as invalid_grant in RFC 6749 form", async () => {
    const as = await discover();
    const res = await oauth.genericTokenEndpointRequest(
      as,
      client,
      oauth.None(),
      GRANT,
      { subject_token: await signToken(provider.op, { sub: unique("nobody") }), subject_token_type: ID_TOKEN_TYPE },
      options,
    );
    const err = await oauth.processGenericTokenEndpointResponse(as, client, res).catch((e) => e);
    expect(err).toBeInstanceOf(oauth.ResponseBodyError);
    expect(err.status).toBe(400);
    expect(err.error).toBe("invalid_grant");
    expect(err.error_description).toMatch(/external_id/);
  });

  it("answers unsupported_grant_type and invalid_request", async () => {
    const form = (fields: Record<string, string>) =>
      call(token.POST as never, {
        method: "POST",
        rawBody: new URLSearchParams(fields).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    const grant = await form({ grant_type: "password", username: "a", password: "b" });
    expect(grant.status).toBe(400);
    expect(grant.body.error).toBe("unsupported_grant_type");
    const missing = await form({ grant_type: GRANT, subject_token_type: ID_TOKEN_TYPE });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe("invalid_request");
  });
});
