// The socket's peer address, which Next.js does not hand to route handlers: `next start`
// only sets X-Forwarded-For to it when the client sent none, so a client can pose as any
// address. Our server (scripts/server.ts) writes the peer into PEER_HEADER on every request,
// replacing whatever the client sent; the header is believed only in a process it runs.
// No server-only marker: the server script imports this before Next.js loads.
import type { IncomingMessage } from "node:http";
import { processSingleton } from "@/lib/process/singleton";

export const PEER_HEADER = "x-federation-peer";

const stamping = () => processSingleton("http.peer-stamping", () => ({ on: false }));

/** Called once by our HTTP server before Next.js starts: from now on PEER_HEADER is the peer. */
export function enablePeerStamping(): void {
  stamping().on = true;
}

/** Writes the socket's peer address into the request, replacing a client-sent value. */
export function stampPeerAddress(req: Pick<IncomingMessage, "headers" | "socket">): void {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
}

/** Whether this process serves through our server, so PEER_HEADER can be believed. */
export function peerStampingEnabled(): boolean {
  return stamping().on;
}
