import { route, json, otherMethods } from "@/lib/http/respond";
import { clientIpOf } from "@/lib/http/client-ip";
import { exchangeIdToken } from "@/lib/federation/exchange";
import { API_KEY_TOKEN_TYPE } from "@/lib/federation/request";

// Posit's clients call this without credentials; errors use the Connect body with a reason code.
export const POST = route(async (req) => {
  const result = await exchangeIdToken(req, clientIpOf(req.headers), [API_KEY_TOKEN_TYPE]);
  return json(
    { access_token: result.key, issued_token_type: result.issuedTokenType, token_type: "Key", expires_in: result.expiresIn },
    200,
    { "cache-control": "no-store" },
  );
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
