import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { cleanAuthRequest } from "@/lib/auth/auth-request";
import { config } from "@/lib/config/env";
import { route } from "@/lib/http/respond";

type Params = { nextauth: string[] };
const nextAuth = NextAuth(authOptions) as (req: NextRequest, ctx: { params: Promise<Params> }) => Promise<Response>;

// next-auth sees only what it can handle: hostile query values, cookies and bodies are settled first (see there).
const handler = route<Params>(async (req, ctx) => {
  const { nextauth } = await ctx.params;
  const origin = config().publicUrl ?? req.nextUrl.origin;
  return nextAuth(await cleanAuthRequest(req, nextauth ?? [], origin), ctx);
});

export { handler as GET, handler as POST };
