// The production server: Next.js behind Node's HTTP server, so every request carries the
// socket's peer address (lib/http/peer.ts), which `next start` does not give route handlers.
// `npm start` runs it after building; run it directly with `tsx scripts/server.ts`.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { loadConfig } from "../lib/config/load";
import { enablePeerStamping, stampPeerAddress } from "../lib/http/peer";
import { refuseUnsupportedMethod } from "../lib/http/unsupported-methods";

const root = path.resolve(import.meta.dirname, "..");
const { port } = loadConfig(process.env);

enablePeerStamping();
const app = next({ dev: false, dir: root, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((req, res) => {
  if (refuseUnsupportedMethod(req, res)) return;
  stampPeerAddress(req);
  void handle(req, res);
});
server.listen(port, () => console.log(`Listening on port ${port}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
