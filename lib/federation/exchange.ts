// The exchange (SPEC §3): an ID token in, a short-lived API key of the mapped
// user out. Every attempt leaves one audit event, one metric and one log line.
import { decodeJwt, decodeProtectedHeader } from "jose";
import { config } from "@/lib/config/env";
import { auditRow } from "@/lib/audit/service";
import { newKeyRow } from "@/lib/keys/service";
import { insertAuditEvent, insertKeyWithAudit } from "@/lib/db/exchange-store";
import { checkRateLimit } from "@/lib/http/rate-limit";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { getSettings } from "@/lib/settings/service";
import { evaluateToken, type Evaluation } from "./evaluate";
import { FederationError, reject } from "./reasons";
import { parseExchangeRequest } from "./request";
import { claimSingleUseToken } from "./single-use";
import { Trace } from "./trace";

export type ExchangeResult = { key: string; expiresIn: number; issuedTokenType: string };

/** Handles one exchange request end to end; throws FederationError with its reason code. */
export async function exchangeIdToken(req: Request, ip: string, accepted: readonly string[]): Promise<ExchangeResult> {
  const started = performance.now();
  const ev: Evaluation = {};
  let token: string | undefined;
  try {
    if (!checkRateLimit(`exchange:${ip}`, config().exchangeRateLimit)) throw reject("rate_limited");
    const settings = await getSettings();
    if (!settings["EarlyAccess.IdentityFederation"]) throw reject("federation_disabled");
    const request = await parseExchangeRequest(req, accepted);
    token = request.subjectToken;
    await evaluateToken(token, { audience: request.audience }, new Trace("enforce"), ev);
    // Single-use tokens: claimed only after every check, so a forged token cannot use up a real one's jti.
    // Only integrations with the option on pay for it; a token whose key is not minted is given back.
    const release = ev.integration!.config.single_use_tokens ? await claimSingleUseToken(token, ev) : undefined;
    const result = await mint(ev, settings["Federation.MaxKeyLifetime"], ip, request.requestedTokenType).catch(async (err: unknown) => {
      await release?.().catch((e: unknown) => log.error("could not release a single-use token", { error: String(e) }));
      throw err;
    });
    finish(started, ev, "success", "ok", ip);
    return result;
  } catch (err) {
    const reason = err instanceof FederationError ? err.reason : "internal_error";
    if (token && !ev.claims) Object.assign(ev, peek(token));
    const message = err instanceof FederationError ? err.message : undefined;
    // An ambiguous attempt is recorded on every integration it matched, so each one's page and counts show it.
    const involved = ev.candidates?.length ? ev.candidates : [ev.integration];
    const candidates = ev.candidates?.map((i) => i.guid);
    // Through the hot path's writer too: a flood of bad tokens must not cost more than good ones.
    await Promise.all(
      involved.map((integration) =>
        insertAuditEvent(
          auditRow({
            actor: { ip },
            action: "federation.exchange",
            outcome: "failure",
            reason,
            ...auditFields(ev),
            integrationId: integration?.id,
            details: message || candidates ? { message, candidates } : undefined,
          }),
        ),
      ),
    ).catch((e) => log.error("could not record audit event", { error: String(e) }));
    finish(started, ev, "failure", reason, ip);
    throw err;
  }
}

/** Step 7: key and audit event in one transaction, so no key exists without its audit row. */
async function mint(ev: Evaluation, maxLifetime: number, ip: string, issuedTokenType: string) {
  const { user, integration, claims } = ev;
  const now = Date.now();
  const expiresAt = new Date(Math.min((claims!.exp as number) * 1000, now + maxLifetime * 1000));
  const expiresIn = Math.floor((expiresAt.getTime() - now) / 1000);
  if (expiresIn < 1) throw reject("token_expired");
  const clip = (v: unknown) => (typeof v === "string" ? v.slice(0, 512) : undefined);
  const { row, key } = newKeyRow(user!.id, `federated: ${integration!.name}`.slice(0, 64), expiresAt, {
    integrationId: integration!.id,
    tokenIss: String(claims!.iss).slice(0, 512),
    tokenSub: clip(claims!.sub),
    tokenJti: clip(claims!.jti),
    maxRole: integration!.config.max_role,
  });
  await insertKeyWithAudit(
    row,
    auditRow({
      actor: { ip, userId: user!.id },
      action: "federation.exchange",
      outcome: "success",
      ...auditFields(ev),
      details: {
        expires_at: expiresAt.toISOString(),
        max_role: integration!.config.max_role,
        ...(integration!.config.single_use_tokens ? { single_use: true } : {}),
      },
    }),
  );
  return { key, expiresIn, issuedTokenType };
}

function auditFields(ev: Evaluation) {
  const c = ev.claims ?? {};
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    integrationId: ev.integration?.id,
    iss: str(c.iss),
    jti: str(c.jti),
    kid: str(ev.header?.kid),
    matchValue: ev.matchValue,
    userId: ev.user?.id,
  };
}

/** Unverified header and claims, only to say in the audit log what was presented. */
function peek(token: string): Evaluation {
  try {
    return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  } catch {
    return {};
  }
}

function finish(started: number, ev: Evaluation, outcome: "success" | "failure", reason: string, ip: string) {
  const seconds = (performance.now() - started) / 1000;
  metrics.exchange(ev.integration?.guid ?? "none", outcome, reason, seconds);
  log.info("federation exchange", {
    outcome,
    reason,
    integration: ev.integration?.guid,
    iss: typeof ev.claims?.iss === "string" ? ev.claims.iss : undefined,
    user: ev.user?.guid,
    ip,
    ms: Math.round(seconds * 1000),
  });
}
