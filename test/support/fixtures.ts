// Test data and request helpers. Every test makes its own users with unique
// names; nothing here wipes shared tables.
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { createUser } from "@/lib/users/service";
import { insertKey } from "@/lib/keys/service";
import type { Role } from "@/lib/users/schema";
import { enablePeerStamping, stampPeerAddress } from "@/lib/http/peer";

export const BASE = "http://127.0.0.1:3000";

export function unique(prefix = "u"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export async function makeUser(opts: { role?: Role; externalId?: string; locked?: boolean; password?: string } = {}) {
  const user = await createUser(
    {
      username: unique(opts.role ?? "viewer"),
      user_role: opts.role ?? "viewer",
      external_id: opts.externalId,
      locked: opts.locked,
      password: opts.password,
    },
    "system",
  );
  const { key, row } = await db.$transaction((tx) => insertKey(tx, user.id, "test", null));
  return { user, key, keyId: row.id };
}

/**
 * Request headers as our server (scripts/server.ts) hands them to Next.js for a
 * connection from `peer`: the peer address recorded over whatever the client sent.
 */
export function fromPeer(peer: string, clientHeaders: Record<string, string> = {}): Record<string, string> {
  enablePeerStamping();
  const req = { headers: { ...clientHeaders } as Record<string, string>, socket: { remoteAddress: peer } };
  stampPeerAddress(req as unknown as Parameters<typeof stampPeerAddress>[0]);
  return req.headers;
}

type Handler<P> = (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>;

export type CallOptions<P> = {
  method?: string;
  path?: string;
  key?: string;
  authorization?: string;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  params?: P;
};

/** Calls a route handler the way Next.js would, and returns status and parsed body. */
export async function call<P = Record<string, string>>(handler: Handler<P>, opts: CallOptions<P> = {}) {
  const headers = new Headers(opts.headers);
  if (!headers.has("host")) headers.set("host", new URL(BASE).host);
  if (opts.key) headers.set("authorization", `Key ${opts.key}`);
  if (opts.authorization !== undefined) headers.set("authorization", opts.authorization);
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers.set("content-type", "application/json");
  }
  // A streamed body needs `duplex`, as a client's upload does.
  const duplex = body instanceof ReadableStream ? { duplex: "half" as const } : {};
  const req = new NextRequest(new URL(opts.path ?? "/", BASE), { method: opts.method ?? "GET", headers, body, ...duplex });
  const res = await handler(req, { params: Promise.resolve((opts.params ?? {}) as P) });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: json as any, headers: res.headers };
}
