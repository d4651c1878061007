import type { NextRequest } from "next/server";
import { clientIpOf } from "@/lib/http/client-ip";
import { logRequest } from "@/lib/http/request-log";
import { exchangeIdToken } from "@/lib/federation/exchange";
import { oauthErrorResponse, OAUTH_ISSUED_TYPES } from "@/lib/federation/oauth";

// RFC 8693 token endpoint on the same core as the Connect endpoint; RFC 6749 §5.2 errors.
export async function POST(req: NextRequest) {
  const startedAt = performance.now();
  const res = await exchange(req);
  logRequest(req, res.status, startedAt);
  return res;
}

async function exchange(req: NextRequest): Promise<Response> {
  try {
    const result = await exchangeIdToken(req, clientIpOf(req.headers), OAUTH_ISSUED_TYPES);
    return Response.json(
      { access_token: result.key, issued_token_type: result.issuedTokenType, token_type: "Bearer", expires_in: result.expiresIn },
      { headers: { "cache-control": "no-store", pragma: "no-cache" } },
    );
  } catch (err) {
    return oauthErrorResponse(err);
  }
}
