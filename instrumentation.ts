// Runs once when the server starts: validate configuration, migrate the database,
// and start the hourly retention job.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { config } = await import("@/lib/config/env");
  config();
  const { ensureMigrated } = await import("@/lib/db/startup");
  await ensureMigrated();
  const { startRetentionJob } = await import("@/lib/retention/job");
  startRetentionJob();
}
