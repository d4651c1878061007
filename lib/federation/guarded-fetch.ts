// The only way the server reaches an identity provider: GET, no redirects,
// a timeout, a size cap, https, and no private, loopback or link-local
// address unless the integration opted in. The address is checked where the
// connection is made (in the DNS lookup hook), so DNS rebinding cannot slip past.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

export type GuardOptions = { allowPrivate: boolean; timeoutMs?: number; maxBytes?: number };

export class GuardedFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GuardedFetchError";
  }
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BYTES = 512 * 1024;

/** Public unicast addresses only; everything else is "private" for our purposes. */
export function addressRange(address: string): string {
  return ipaddr.process(address).range();
}

function assertAddressAllowed(address: string, allowPrivate: boolean) {
  const range = addressRange(address);
  if (range !== "unicast" && !allowPrivate) {
    throw new GuardedFetchError(`refused to connect to ${address} (a ${range} address); enable "Allow a private issuer" to permit it`);
  }
}

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as LookupAddress[];
      try {
        for (const a of list) assertAddressAllowed(a.address, allowPrivate);
      } catch (e) {
        return callback(e as NodeJS.ErrnoException, "", 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

export type FetchedJson = { status: number; body: unknown; ms: number };

/** GETs a JSON document under the guard rules; throws GuardedFetchError with a readable reason. */
export async function guardedFetchJson(url: string, opts: GuardOptions): Promise<FetchedJson> {
  if (!URL.canParse(url)) throw new GuardedFetchError(`not a URL: ${url}`);
  const target = new URL(url);
  if (target.protocol !== "https:" && !(opts.allowPrivate && target.protocol === "http:")) {
    throw new GuardedFetchError(`refused ${target.protocol} URL ${url}: https is required`);
  }
  const host = target.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) assertAddressAllowed(host, opts.allowPrivate);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const started = performance.now();
  const client = target.protocol === "https:" ? https : http;

  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = client.get(
      target,
      {
        lookup: guardedLookup(opts.allowPrivate),
        headers: { accept: "application/json", "user-agent": "identity-federation-server" },
        timeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.destroy();
          return reject(new GuardedFetchError(`${url} answered with a redirect (${status}); redirects are not followed`));
        }
        let size = 0;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            reject(new GuardedFetchError(`${url} returned more than ${maxBytes} bytes`));
          } else chunks.push(chunk);
        });
        res.on("end", () => resolve({ status, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (e) => reject(new GuardedFetchError(`${url}: ${e.message}`)));
      },
    );
    req.on("timeout", () => req.destroy(new GuardedFetchError(`${url} did not answer within ${timeoutMs} ms`)));
    req.on("error", (e) =>
      reject(e instanceof GuardedFetchError ? e : new GuardedFetchError(`${url}: ${(e as NodeJS.ErrnoException).code ?? e.message}`)),
    );
  });
  const ms = Math.round(performance.now() - started);
  if (status !== 200) throw new GuardedFetchError(`${url} answered HTTP ${status}`);
  try {
    return { status, body: JSON.parse(text), ms };
  } catch {
    throw new GuardedFetchError(`${url} did not return JSON`);
  }
}
