// Runs once when the server starts: validate configuration and migrate the database.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { config } = await import("@/lib/config/env");
  config();
  const { ensureMigrated } = await import("@/lib/db/startup");
  await ensureMigrated();
}
