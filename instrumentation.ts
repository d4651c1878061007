// Runs once when the server starts: validate configuration, migrate the database,
// print the setup code while no user exists, and start the hourly retention job.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { config } = await import("@/lib/config/env");
  const c = config();
  const { ensurePrivateDir } = await import("@/lib/config/load");
  ensurePrivateDir(c.dataDir);
  const { log } = await import("@/lib/log");
  if (!c.publicUrl) {
    log.warn(
      "PUBLIC_URL is not set: OAuth metadata, content URLs and sign-in callbacks take this server's address from each request's Host header. Set PUBLIC_URL to the address clients use.",
    );
  }
  const { peerStampingEnabled } = await import("@/lib/http/peer");
  if (process.env.NODE_ENV === "production" && !peerStampingEnabled()) {
    log.warn(
      "Started without scripts/server.ts (npm start): client addresses are unknown, so rate limits are shared by all clients and the audit log records no addresses.",
    );
  }
  const { ensureMigrated } = await import("@/lib/db/startup");
  await ensureMigrated();
  const { setupRequired } = await import("@/lib/setup/service");
  const { prepareSetupCode } = await import("@/lib/setup/code");
  await prepareSetupCode(await setupRequired());
  const { startRetentionJob } = await import("@/lib/retention/job");
  startRetentionJob();
}
