// The client's address, for rate limits and the audit log. It is the socket's peer
// unless that peer is a trusted proxy (TRUSTED_PROXIES), in which case X-Forwarded-For
// is read from the right, hop by hop, while each hop is trusted — proxy-addr's rule.
import ipaddr from "ipaddr.js";
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

function trusts(trusted: TrustedProxies, addr: ipaddr.IPv4 | ipaddr.IPv6, hop: number): boolean {
  if ("hops" in trusted) return hop < trusted.hops;
  return trusted.ranges.some((range) => {
    const [net, bits] = ipaddr.parseCIDR(range);
    if (net.kind() === addr.kind()) return addr.match(net, bits);
    // An IPv4 range also covers the IPv4-mapped form of its addresses, and vice versa.
    const mapped = addr.kind() === "ipv4" ? (addr as ipaddr.IPv4).toIPv4MappedAddress() : undefined;
    return mapped ? mapped.match(net, bits) : false;
  });
}

/**
 * The address the request came from: "unknown" when the server did not record the
 * socket's peer (a process started with `next start` or `next dev` rather than ours).
 */
export function clientIpOf(h: HeaderBag, trusted: TrustedProxies = config().trustedProxies): string {
  const peer = peerStampingEnabled() ? normalized(header(h, PEER_HEADER)) : undefined;
  if (!peer) return "unknown";
  const forwarded = (header(h, "x-forwarded-for") ?? "").split(",").reverse();
  let client = peer;
  for (let hop = 0; trusts(trusted, client, hop) && hop < forwarded.length; hop++) {
    const next = normalized(forwarded[hop]);
    // A malformed entry ends the chain: the last well-formed hop is the best answer.
    if (!next) break;
    client = next;
  }
  return client.toString();
}
