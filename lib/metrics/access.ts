// Who may scrape GET /metrics: anyone who can reach it, unless METRICS_TOKEN is
// set; then only a request with `Authorization: Bearer <METRICS_TOKEN>`.
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function mayScrape(authorization: string | null, token: string | undefined): boolean {
  if (!token) return true;
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  // Digests have one length, so the comparison takes the same time whatever was sent.
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}
