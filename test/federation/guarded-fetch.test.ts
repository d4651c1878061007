// SSRF guard: an IPv6 address that embeds an IPv4 address is judged by the
// IPv4 address it reaches, whichever of the embedding forms it uses.
import { describe, expect, it } from "vitest";
import { addressRange, guardedFetchJson } from "@/lib/federation/guarded-fetch";

describe("addressRange", () => {
  it.each([
    // IPv4-compatible (deprecated, still routed by some stacks), dotted and hex
    ["::127.0.0.1", "loopback"],
    ["::7f00:1", "loopback"],
    ["::10.0.0.1", "private"],
    ["::169.254.169.254", "linkLocal"],
    ["::8.8.8.8", "unicast"],
    // IPv4-mapped and IPv4-translated
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:192.168.1.1", "private"],
    ["::ffff:0:127.0.0.1", "loopback"],
    ["::ffff:0:a00:1", "private"],
    ["::ffff:8.8.8.8", "unicast"],
    // NAT64, well-known prefix
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "linkLocal"],
    ["64:ff9b::8.8.8.8", "unicast"],
    // 6to4
    ["2002:7f00:1::", "loopback"],
    ["2002:c0a8:101::1", "private"],
    ["2002:808:808::1", "unicast"],
    // Teredo: server 65.54.227.120, client obfuscated (~7f00:0001 = 127.0.0.1, ~0808:0808 = 8.8.8.8)
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"],
    ["2001:0:4136:e378:8000:63bf:f7f7:f7f7", "unicast"],
    ["2001:0:a00:1:8000:63bf:f7f7:f7f7", "private"],
  ])("%s is %s (its embedded IPv4 address)", (address, range) => {
    expect(addressRange(address)).toBe(range);
  });

  it.each([
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "linkLocal"],
    ["fc00::1", "uniqueLocal"],
    ["64:ff9b:1::a00:1", "rfc6052"], // local-use NAT64: never public
    ["2606:4700:4700::1111", "unicast"],
    ["127.0.0.1", "loopback"],
    ["93.184.216.34", "unicast"],
  ])("%s keeps its own range: %s", (address, range) => {
    expect(addressRange(address)).toBe(range);
  });
});

describe("guardedFetchJson", () => {
  it.each(["https://[::127.0.0.1]:1/", "https://[::ffff:0:7f00:1]:1/", "https://[64:ff9b::7f00:1]:1/", "https://[2002:7f00:1::]:1/"])(
    "refuses %s without the private-issuer opt-in, before connecting",
    async (url) => {
      await expect(guardedFetchJson(url, { allowPrivate: false })).rejects.toThrow(/refused to connect to .* \(a loopback address\)/);
    },
  );
});
