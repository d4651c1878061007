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

/** ipaddr.js reads "::a.b.c.d" as ::ffff:a.b.c.d, so a dotted tail is rewritten as two hex groups first. */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const dotted = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (!dotted) return ipaddr.parse(address);
  const [a, b, c, d] = ipaddr.IPv4.parse(dotted[2]).octets;
  return ipaddr.IPv6.parse(`${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`);
}

/**
 * The IPv4 addresses an IPv6 address stands for: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64
 * (64:ff9b::a.b.c.d), 6to4 (2002:aabb:ccdd::) and Teredo (server and client).
 */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4[] {
  const p = ip.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  switch (ip.range()) {
    case "ipv4Mapped":
    case "rfc6145":
      return [v4(p[6], p[7])];
    case "6to4":
      return [v4(p[1], p[2])];
    case "teredo":
      return [v4(p[2], p[3]), v4(p[6] ^ 0xffff, p[7] ^ 0xffff)];
  }
  // The well-known NAT64 prefix only; the local-use one (64:ff9b:1::/48) keeps its own, non-public range.
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return [v4(p[6], p[7])];
  // IPv4-compatible, except :: and ::1, which are IPv6's own unspecified and loopback addresses.
  if (zeros(0, 6) && (p[6] !== 0 || p[7] > 1)) return [v4(p[6], p[7])];
  return [];
}

/** Public unicast addresses only; everything else is "private" for our purposes. An embedded IPv4 address decides for its IPv6 form. */
export function addressRange(address: string): string {
  const ip = parseAddress(address);
  if (ip.kind() === "ipv4") return ip.range();
  const embedded = embeddedIPv4(ip as ipaddr.IPv6);
  if (embedded.length === 0) return ip.range();
  return embedded.map((e) => e.range()).find((r) => r !== "unicast") ?? "unicast";
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
