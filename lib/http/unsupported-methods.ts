// Node's HTTP server accepts TRACE, but Next.js turns every request into a Fetch API
// Request, and the Fetch API refuses TRACE outright: such a request threw a TypeError
// inside Next.js (a 500 and a stack trace) before any of our code ran. It is answered
// here, in the HTTP server, before Next.js sees it.
import http from "node:http";
import { processSingleton } from "@/lib/process/singleton";

// The Fetch API's forbidden methods that Node parses (it answers TRACK itself with a 400;
// CONNECT never reaches a request listener: Node emits "connect").
const UNSUPPORTED = new Set(["TRACE"]);

const BODY = JSON.stringify({ code: 1004, error: "This method is not supported.", payload: {} });

/** Makes every HTTP server in this process answer TRACE with a 405. Idempotent. */
export function refuseUnsupportedMethods() {
  processSingleton("refuse-unsupported-methods", () => {
    const emit = http.Server.prototype.emit;
    http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
        if (UNSUPPORTED.has(req.method ?? "")) {
          req.resume(); // discard any body so the connection can be reused
          res.writeHead(405, { "content-type": "application/json", allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" });
          res.end(BODY);
          return true;
        }
      }
      return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
    } as typeof emit;
    return true;
  });
}
