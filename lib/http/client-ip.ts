type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderBag, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The client's address as the proxy in front of us reports it (first X-Forwarded-For hop). */
export function clientIpOf(h: HeaderBag): string {
  const forwarded = header(h, "x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || header(h, "x-real-ip") || "unknown";
}
