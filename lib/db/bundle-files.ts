// Bundle file bytes, in chunks of at most 1 MiB (BundleFileChunk). They go to the
// driver directly: through Prisma's query compiler a Bytes value is encoded and
// parsed on the main thread (a 24 MiB file held the event loop for seconds).
// SQLite's driver is synchronous, so the size of each write is what bounds how
// long it holds the event loop (about 20 ms per MiB with a sync per commit here).
import type { Db } from "./client";
import { driverOf, numbered, queryRows, statement } from "./raw";

/** A file being written: `id` is set once its row exists. */
export type PendingFile = { bundleId: number; path: string; size: number; id?: number };
export type FileChunk = { file: PendingFile; seq: number; data: Buffer };

const INSERT_FILE = `INSERT INTO "BundleFile" ("bundleId", "path", "size") VALUES (?, ?, ?) RETURNING "id"`;
const INSERT_CHUNK = `INSERT INTO "BundleFileChunk" ("fileId", "seq", "data") VALUES (?, ?, ?)`;
const SELECT_CHUNK = `SELECT "data" FROM "BundleFileChunk" WHERE "fileId" = ? AND "seq" = ?`;

/** Writes the rows of new files (empty ones included) and the chunks given, in one transaction. */
export async function writeBundleFiles(db: Db, files: PendingFile[], chunks: FileChunk[]): Promise<void> {
  const { sqlite, pool } = driverOf(db);
  if (sqlite) {
    await sqlite.writable();
    const insertFile = sqlite.prepare(INSERT_FILE);
    const insertChunk = sqlite.prepare(INSERT_CHUNK);
    sqlite.conn.transaction(() => {
      for (const f of files) if (f.id === undefined) f.id = (insertFile.get(f.bundleId, f.path, f.size) as { id: number }).id;
      for (const c of chunks) insertChunk.run(c.file.id, c.seq, c.data);
    })();
    return;
  }
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    for (const f of files) {
      if (f.id === undefined) f.id = (await client.query(numbered(INSERT_FILE), [f.bundleId, f.path, f.size])).rows[0].id as number;
    }
    for (const c of chunks) await client.query(numbered(INSERT_CHUNK), [c.file.id, c.seq, c.data]);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** One chunk of a stored file, or undefined past its end. */
export async function readBundleFileChunk(db: Db, fileId: number, seq: number): Promise<Uint8Array | undefined> {
  return (await queryRows<{ data: Uint8Array }>(db, statement(SELECT_CHUNK, fileId, seq)))[0]?.data;
}
