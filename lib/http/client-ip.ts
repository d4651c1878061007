// The client's address, for rate limits and the audit log. It is the socket's peer
// unless that peer is a trusted proxy (TRUSTED_PROXIES), in which case X-Forwarded-For
// is read from the right, hop by hop, while each hop is trusted (proxy-addr).
import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import proxyaddr from "proxy-addr";
import { config } from "@/lib/config/env";
import type { TrustedProxies } from "@/lib/config/load";
import { PEER_HEADER, peerStampingEnabled } from "./peer";

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderBag, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** An address in one spelling: IPv4-mapped IPv6 (a dual-stack socket's view of IPv4) as IPv4. */
function normalized(value: string | undefined): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const v = value?.trim().replace(/^\[(.*)\]$/, "$1");
  if (!v || !ipaddr.isValid(v)) return undefined;
  return ipaddr.process(v);
}

type Trust = (addr: string, hop: number) => boolean;
const compiled = new WeakMap<TrustedProxies, Trust>();

function trustOf(trusted: TrustedProxies): Trust {
  let trust = compiled.get(trusted);
  if (!trust) {
    trust = "hops" in trusted ? (_addr, hop) => hop < trusted.hops : proxyaddr.compile(trusted.ranges);
    compiled.set(trusted, trust);
  }
  return trust;
}

/**
 * The address the request came from: "unknown" when the server did not record the
 * socket's peer (a process started with `next start` or `next dev` rather than ours).
 */
export function clientIpOf(h: HeaderBag, trusted: TrustedProxies = config().trustedProxies): string {
  const peer = peerStampingEnabled() ? normalized(header(h, PEER_HEADER)) : undefined;
  if (!peer) return "unknown";
  // proxy-addr walks from the peer through X-Forwarded-For while each hop is trusted.
  const req = { headers: { "x-forwarded-for": header(h, "x-forwarded-for") }, connection: { remoteAddress: peer.toString() } };
  const chain = proxyaddr.all(req as unknown as IncomingMessage, trustOf(trusted));
  let client = peer;
  for (const hop of chain.slice(1)) {
    const next = normalized(hop);
    // A malformed entry ends the chain: the last well-formed hop is the best answer.
    if (!next) break;
    client = next;
  }
  return client.toString();
}
