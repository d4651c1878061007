// Node's HTTP server accepts TRACE, but Next.js turns every request into a Fetch API
// Request, and the Fetch API refuses TRACE outright: such a request threw a TypeError
// inside Next.js (a 500 and a stack trace) before any of our code ran. Our HTTP server
// (scripts/server.ts) answers it before handing the request to Next.js.
import type http from "node:http";

// The Fetch API's forbidden methods that Node parses (it answers TRACK itself with a 400;
// CONNECT never reaches a request listener: Node emits "connect").
const UNSUPPORTED = new Set(["TRACE"]);

const BODY = JSON.stringify({ code: 1004, error: "This method is not supported.", payload: {} });

/** Answers a method Next.js cannot take with a 405; true when it did. */
export function refuseUnsupportedMethod(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (!UNSUPPORTED.has(req.method ?? "")) return false;
  req.resume(); // discard any body so the connection can be reused
  res.writeHead(405, { "content-type": "application/json", allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" });
  res.end(BODY);
  return true;
}
