// What next-auth is allowed to see of a request to /api/auth/*. next-auth 4 answers
// some hostile inputs with a 500 and a logged stack trace: a callbackUrl query or
// cookie that is not an http(s) URL fails its config assertion, `error` goes
// unencoded into a Location header (which throws on a non-Latin-1 or control
// character), and a JSON body that does not parse throws. These are client
// errors, so they are settled here, before next-auth runs.
import { NextRequest } from "next/server";
import { config } from "@/lib/config/env";
import { AppError, badRequest } from "@/lib/errors/app-error";
import { readBoundedText } from "@/lib/http/respond";
import { safeCallbackPath } from "@/lib/http/safe-redirect";

// next-auth's actions, our provider ids and the error codes (next-auth's, or an
// OAuth provider's such as access_denied) are all plain words.
const WORD = /^[A-Za-z0-9_-]{1,64}$/;
const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];
// A sign-in form is a few hundred bytes.
const MAX_BODY_BYTES = 16 * 1024;
const FORM = "application/x-www-form-urlencoded";

/**
 * Whether next-auth can make a URL of this server's origin from these headers.
 * Without PUBLIC_URL it trusts the Host (X-Forwarded-Host first) and builds
 * `https://<host>` with `new URL`, which throws on a value that is no host
 * (`javascript:x`, `a b`): a 500 on every page and sign-in request.
 */
export function nextAuthCanTrustHost(headers: Headers | Record<string, string | undefined>): boolean {
  if (config().publicUrl) return true;
  const get = (name: string) => (headers instanceof Headers ? (headers.get(name) ?? undefined) : headers[name]);
  const host = get("x-forwarded-host") ?? get("host");
  if (host === undefined) return true; // next-auth falls back to its default URL
  try {
    const url = new URL(`https://${host}`);
    return url.pathname === "/" && !url.username && !url.password && !url.search && !url.hash;
  } catch {
    return false;
  }
}

/** next-auth's own test for a callbackUrl (core/lib/assert.js): an http(s) URL, or a path on `base`. */
function nextAuthAcceptsUrl(value: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

/** A JSON body as the form next-auth's client would have posted: an object's string fields. */
function jsonAsForm(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("Expected a JSON object.");
  const fields = Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string");
  return new URLSearchParams(fields).toString();
}

/**
 * The request next-auth should handle instead of `req`; throws an AppError (a
 * 4xx) for what next-auth cannot take. `callbackUrl` becomes the path it safely
 * leads to (next-auth's redirect callback reduces it to that anyway); an `error`
 * that is not a plain code becomes `Default`; a callback-url cookie next-auth
 * would choke on is refused and cleared; a POST body is read within a bound
 * and handed on as a form.
 */
export async function cleanAuthRequest(req: NextRequest, segments: string[], origin: string): Promise<NextRequest> {
  if (!segments.every((s) => WORD.test(s))) throw new AppError("not_found", "No such sign-in action.");
  if (!nextAuthCanTrustHost(req.headers)) throw badRequest("The Host (or X-Forwarded-Host) header is not a host name.");
  for (const name of CALLBACK_COOKIES) {
    const cookie = req.cookies.get(name)?.value;
    if (cookie !== undefined && !nextAuthAcceptsUrl(cookie, origin)) {
      const clear = `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`;
      throw new AppError("bad_request", "The sign-in callback cookie is not a URL; it has been cleared.", {}, { "set-cookie": clear });
    }
  }
  const url = new URL(req.nextUrl.href);
  const params = url.searchParams;
  const callbackUrl = params.get("callbackUrl");
  if (callbackUrl !== null) params.set("callbackUrl", safeCallbackPath(callbackUrl, origin));
  const error = params.get("error");
  if (error !== null) params.set("error", WORD.test(error) ? error : "Default");

  if (req.method !== "POST") return new NextRequest(url, { method: req.method, headers: req.headers });
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  const text = await readBoundedText(req, MAX_BODY_BYTES);
  const form = type.includes("application/json") ? jsonAsForm(text) : type.includes(FORM) ? text : "";
  const headers = new Headers(req.headers);
  headers.set("content-type", FORM);
  headers.delete("content-length");
  return new NextRequest(url, { method: "POST", headers, body: form });
}
