// Reads an uploaded bundle (gzip tar) from the request stream, file by file,
// hashing each as it arrives. Every limit is checked while the bytes arrive, so
// an oversized upload or a gzip bomb is refused without being buffered whole.
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { createHash } from "node:crypto";
import { extract as tarExtract } from "tar-stream";
import { AppError, badRequest } from "@/lib/errors/app-error";

export type ArchiveLimits = {
  /** Compressed upload size. */
  maxBytes: number;
  /** Total size of the unpacked files. */
  maxUnpackedBytes: number;
  maxFiles: number;
};

/** Where the unpacked files go, piece by piece, as they stream in; the next piece is read once each call is done. */
export type ArchiveSink = {
  /** A file begins; `size` is its tar header's, which tar-stream holds the entry to. */
  begin(path: string, size: number): Promise<void>;
  data(chunk: Buffer): Promise<void>;
  /** The file is complete; its md5 was computed as it streamed. */
  end(md5: string): Promise<void>;
};

/** In UTF-8 bytes: each file's path is a key of a unique index, and PostgreSQL refuses an entry over about 2.7 KB. */
const MAX_PATH_BYTES = 1024;

/** What normalizeBundlePath accepts, as an error message says it. */
export const BUNDLE_PATH_RULE = `paths must stay inside the bundle, without backslashes or control characters, in at most ${MAX_PATH_BYTES} bytes`;

/**
 * The bundle-relative path of an archive entry or manifest key, or null when it
 * is unsafe: absolute, a `..` segment, a backslash or control character.
 * `./` prefixes and repeated slashes are dropped, as tar tools write them.
 */
export function normalizeBundlePath(name: string): string | null {
  if (name.length === 0 || Buffer.byteLength(name) > MAX_PATH_BYTES) return null;
  if (name.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(name)) return null;
  const segments = name.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.length === 0 || segments.some((s) => s === "..")) return null;
  return segments.join("/");
}

const tooLarge = (what: string, limit: number) =>
  new AppError("payload_too_large", `The bundle ${what} exceeds the limit of ${limit} bytes.`, { limit });

/**
 * Streams an uploaded bundle into `sink`, file by file and piece by piece, so
 * memory holds what the sink buffers, not the archive. Every limit is checked as
 * the bytes arrive (a file's declared size before any of it), so an oversized
 * upload or a gzip bomb stops at once.
 */
export async function readBundleArchive(
  body: ReadableStream<Uint8Array> | null,
  limits: ArchiveLimits,
  sink: ArchiveSink,
): Promise<{ size: number; unpacked: number; files: number }> {
  if (!body) throw badRequest("The request body is empty: send the bundle as a gzip-compressed tar archive.");
  let received = 0;
  const countBytes = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > limits.maxBytes) done(tooLarge("upload", limits.maxBytes));
      else done(null, chunk);
    },
  });
  const entries = tarExtract();
  const seen = new Set<string>();
  let unpacked = 0;

  const collect = async () => {
    for await (const entry of entries) {
      const { header } = entry;
      if (header.type === "directory") {
        entry.resume();
        continue;
      }
      if (header.type !== "file" && header.type !== "contiguous-file") {
        throw badRequest(`The bundle entry "${header.name}" is a ${header.type}; bundles may contain only regular files.`, {
          path: header.name,
        });
      }
      const path = normalizeBundlePath(header.name);
      if (path === null) {
        throw badRequest(`The bundle entry "${header.name}" has an unsafe path: ${BUNDLE_PATH_RULE}.`, {
          path: header.name,
        });
      }
      if (seen.has(path)) throw badRequest(`The bundle contains "${path}" more than once.`, { path });
      if (seen.size >= limits.maxFiles) {
        throw new AppError("payload_too_large", `The bundle has more than ${limits.maxFiles} files.`, { limit: limits.maxFiles });
      }
      seen.add(path);
      const size = header.size ?? 0;
      if (unpacked + size > limits.maxUnpackedBytes) {
        throw tooLarge(`unpacked size (with "${path}", ${size} bytes)`, limits.maxUnpackedBytes);
      }
      unpacked += size;
      await sink.begin(path, size);
      const hash = createHash("md5");
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        hash.update(chunk);
        await sink.data(chunk);
      }
      await sink.end(hash.digest("hex"));
    }
  };

  const [fed, collected] = await Promise.allSettled([
    pipeline(Readable.fromWeb(body as import("node:stream/web").ReadableStream), countBytes, createGunzip(), entries),
    collect(),
  ]);
  const failure = firstFailure(fed, collected);
  if (failure !== undefined) throw failure;
  return { size: received, unpacked, files: seen.size };
}

/** Our own errors win over the stream errors they caused; raw errors become a clear 400. */
function firstFailure(...results: PromiseSettledResult<unknown>[]): unknown {
  const reasons = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
  if (reasons.length === 0) return undefined;
  const own = reasons.find((r) => r instanceof AppError);
  if (own) return own;
  const err = reasons[0] as { code?: unknown; message?: unknown };
  if (typeof err.code === "string" && err.code.startsWith("Z_")) {
    return badRequest("The bundle is not a valid gzip archive: upload a gzip-compressed tar file (.tar.gz).");
  }
  const detail = typeof err.message === "string" ? err.message : String(err);
  return badRequest(`The bundle is not a valid tar archive (${detail}).`);
}
