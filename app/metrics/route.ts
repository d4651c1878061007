import { config } from "@/lib/config/env";
import { metrics } from "@/lib/metrics";
import { mayScrape } from "@/lib/metrics/access";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  if (!mayScrape(req.headers.get("authorization"), config().metricsToken)) {
    return new Response("A bearer token is required (METRICS_TOKEN).\n", {
      status: 401,
      headers: { "content-type": "text/plain", "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  return new Response(await metrics.render(), { headers: { "content-type": metrics.contentType() } });
}
