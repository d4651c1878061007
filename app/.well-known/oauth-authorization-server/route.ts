import type { NextRequest } from "next/server";
import { authorizationServerMetadata } from "@/lib/federation/oauth";

export const dynamic = "force-dynamic";

export function GET(req: NextRequest) {
  return Response.json(authorizationServerMetadata(req));
}
