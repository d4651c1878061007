import { NextResponse } from "next/server";

type Params = { guid: string; rest?: string[] };

/**
 * An item's dashboard_url. Clients append to it as they would to Connect's
 * (rsconnect opens `{dashboard_url}/access` after a deploy, `/logs` after a
 * failure), so every path below it leads to the item on the Content page.
 */
export async function GET(_req: Request, { params }: { params: Promise<Params> }) {
  const { guid } = await params;
  return new NextResponse(null, { status: 307, headers: { Location: `/content?guid=${encodeURIComponent(guid)}` } });
}
