// Runs once when the server starts: validate configuration, migrate the database,
// start the hourly retention job, and answer the methods Next.js cannot take.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { refuseUnsupportedMethods } = await import("@/lib/http/unsupported-methods");
  refuseUnsupportedMethods();
  const { config } = await import("@/lib/config/env");
  config();
  const { ensureMigrated } = await import("@/lib/db/startup");
  await ensureMigrated();
  const { startRetentionJob } = await import("@/lib/retention/job");
  startRetentionJob();
}
