// The token debugger: every check of the exchange on a pasted token, with
// expected and actual values and the fix to try. Never mints, never logs the token.
import { decodeJwt, decodeProtectedHeader } from "jose";
import { cappedRole } from "@/lib/users/schema";
import { findUserById } from "@/lib/users/service";
import { evaluateToken } from "./evaluate";
import { getIntegration } from "./integrations";
import { explainSchema, type ExplainInput } from "./schema";
import { singleUseTokenUsed } from "./single-use";
import { Trace } from "./trace";

export async function explainToken(input: ExplainInput) {
  const { token, integration_guid } = explainSchema.parse(input);
  const integration = integration_guid ? await getIntegration(integration_guid) : undefined;
  const trace = new Trace("explain");
  const ev = await evaluateToken(token, { integration }, trace);
  if (ev.integration?.config.single_use_tokens && ev.claims) {
    // Looks only: explaining a token must not use it up.
    const used = await singleUseTokenUsed(token, ev);
    trace.check({
      id: "single_use",
      label: "Token has not been exchanged before (single-use tokens)",
      pass: !used,
      expected: "not exchanged yet",
      actual: used ? "already used" : "not exchanged yet",
      reason: "token_replayed",
    });
  }
  const failed = trace.failed;
  const maxRole = ev.integration?.config.max_role ?? null;
  const userRole = ev.user ? ((await findUserById(ev.user.id))?.userRole ?? null) : null;
  return {
    ok: !failed,
    reason: failed?.reason ?? null,
    integration: ev.integration ? { guid: ev.integration.guid, name: ev.integration.name, max_role: maxRole } : null,
    user: ev.user ? { guid: ev.user.guid, username: ev.user.username, user_role: userRole } : null,
    /** The integration's match claim and the token's value of it: the external_id a user needs (user_not_found). */
    match: ev.integration ? { claim: ev.integration.config.match_claim, value: ev.matchValue ?? null } : null,
    /** The role a key minted for this token would act with: the lower of the user's role and the cap. */
    effective_role: userRole && maxRole ? cappedRole(userRole, maxRole) : null,
    header: safeHeader(token),
    claims: safeClaims(token),
    checks: trace.checks,
  };
}

function safeHeader(token: string) {
  try {
    const { alg, kid, typ } = decodeProtectedHeader(token);
    return { alg, kid, typ };
  } catch {
    return null;
  }
}

/** The decoded claims (the admin pasted the token, so they are theirs to read); never the signature. */
function safeClaims(token: string) {
  try {
    return decodeJwt(token);
  } catch {
    return null;
  }
}
