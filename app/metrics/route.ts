import { metrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export async function GET() {
  return new Response(await metrics.render(), { headers: { "content-type": metrics.contentType() } });
}
