// A throwaway PostgreSQL database for a test run (vitest's global setup, the e2e
// suite's PostgreSQL server): created empty, dropped with whatever is still connected.
import pg from "pg";

/** Runs `sql` on the server's maintenance database (postgres), where databases are made and dropped. */
async function onServer(url: string, sql: string) {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const nameOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1)).replaceAll('"', '""');

/** Creates the database `url` names, and returns what drops it. */
export async function createPgDatabase(url: string): Promise<() => Promise<void>> {
  await onServer(url, `CREATE DATABASE "${nameOf(url)}"`);
  return () => onServer(url, `DROP DATABASE IF EXISTS "${nameOf(url)}" WITH (FORCE)`);
}
