// Bundles: uploaded gzip tar archives with a manifest.json. The files are stored
// in the database (BundleFile rows), not on local disk, so every instance sharing
// the database serves the same content. Files are written as they stream in, in
// short transactions of a few MiB, under a bundle row that stays `ready: false`
// until the manifest checks out; a failed upload deletes what it wrote. Other
// requests never wait behind one long upload transaction.
import { db } from "@/lib/db";
import { writeBundleFiles, type FileChunk, type PendingFile } from "@/lib/db/bundle-files";
import type { Bundle } from "@/lib/db/generated/sqlite/client";
import { config } from "@/lib/config/env";
import { AppError, badRequest, notFound } from "@/lib/errors/app-error";
import { recordAudit, type Actor } from "@/lib/audit/service";
import { log } from "@/lib/log";
import { readBundleArchive, type ArchiveLimits, type ArchiveSink } from "./archive";
import { withUploadSlot } from "./upload-slots";
import { MANIFEST_PATH, MAX_MANIFEST_BYTES, parseManifest, verifyManifestFiles } from "./manifest";
import { getContentFor, type ContentRow, type Requester } from "./service";

/** Unpacked files may take up to this many times the compressed limit (text compresses well). */
const UNPACKED_FACTOR = 4;
const MAX_FILES = 10_000;
/** A stored chunk, and what one write transaction carries at most: short on SQLite's one synchronous connection. */
export const CHUNK_BYTES = 1024 * 1024;
const BATCH_FILES = 500;
/** An upload abandoned this long ago (its instance stopped mid-way) is cleared by the next upload to the item. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** The archive's limits, and the owner's storage quota in bytes (0 = none). */
export type BundleLimits = ArchiveLimits & { quotaBytes: number };

export function bundleLimits(maxBytes = config().bundleMaxBytes, quotaBytes = config().storageQuotaBytes): BundleLimits {
  return { maxBytes, maxUnpackedBytes: maxBytes * UNPACKED_FACTOR, maxFiles: MAX_FILES, quotaBytes };
}

const ACCEPTED_TYPES = ["application/gzip", "application/x-gzip", "application/x-tar", "application/x-gtar", "application/octet-stream"];

/**
 * Refuses what can be refused before reading the body: a declared length over the
 * limit, or a multipart form (rsconnect sends the archive raw, sometimes untyped).
 */
function checkBundleRequest(headers: Headers, limits: BundleLimits) {
  const declared = Number(headers.get("content-length") ?? "0");
  if (declared > limits.maxBytes) {
    throw new AppError("payload_too_large", `The bundle upload exceeds the limit of ${limits.maxBytes} bytes.`, {
      limit: limits.maxBytes,
    });
  }
  const type = headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (!type || ACCEPTED_TYPES.includes(type)) return;
  throw badRequest(`Send the bundle as the raw request body (Content-Type: application/gzip), not as ${type}.`);
}

export function toApiBundle(b: Bundle, contentGuid: string, activeBundleId: number | null) {
  return {
    id: String(b.id),
    content_guid: contentGuid,
    created_time: b.createdTime.toISOString(),
    active: b.id === activeBundleId,
    size: b.size,
    cluster_name: null,
    image_name: null,
    r_version: null,
    py_version: null,
    quarto_version: null,
  };
}

export type BundleUpload = { body: ReadableStream<Uint8Array> | null; headers: Headers };

/** Reads, checks and stores an upload; both APIs answer with their own view of the result. */
export async function storeBundle(
  user: Requester,
  ref: string,
  upload: BundleUpload,
  actor: Actor,
  limits: BundleLimits = bundleLimits(),
): Promise<{ content: ContentRow; bundle: Bundle }> {
  // Ownership first: nobody else's upload is read at all.
  const content = await getContentFor(user, ref);
  checkBundleRequest(upload.headers, limits);
  return withUploadSlot(user.id, async () => {
    const quota = await quotaLeft(content.ownerId, limits.quotaBytes, Number(upload.headers.get("content-length") ?? "0"));
    await db.bundle.deleteMany({ where: { contentId: content.id, ready: false, createdTime: { lt: new Date(Date.now() - ABANDONED_AFTER_MS) } } });
    const pending = await db.bundle.create({ data: { contentId: content.id, size: 0, manifest: "", ready: false } });
    try {
      const writer = new BundleWriter(pending.id, quota);
      const archive = await readBundleArchive(upload.body, limits, writer);
      await writer.flush();
      const { checksums, manifestRaw } = writer;
      const manifest = parseManifest(manifestRaw);
      verifyManifestFiles(manifest, (path) => checksums.get(path));
      const bundle = await db.$transaction(async (tx) => {
        const ready = await tx.bundle.update({
          where: { id: pending.id },
          data: { ready: true, size: archive.size, manifest: manifestRaw!.toString("utf8") },
        });
        await recordAudit(tx, {
          actor,
          action: "content.bundle_upload",
          outcome: "success",
          userId: content.ownerId,
          details: { content_guid: content.guid, bundle_id: ready.id, size: archive.size, unpacked: archive.unpacked, files: archive.files },
        });
        return ready;
      });
      return { content, bundle };
    } catch (err) {
      await db.bundle.delete({ where: { id: pending.id } }).catch((e) => log.error("could not clear a failed upload", { error: String(e) }));
      throw err;
    }
  });
}

/**
 * The archive's sink: cuts files into chunks of CHUNK_BYTES and writes about that
 * much per transaction (many small files together, a large one over several), so
 * an upload holds about one chunk in memory and each write is short.
 */
class BundleWriter implements ArchiveSink {
  readonly checksums = new Map<string, string>();
  manifestRaw: Buffer | undefined;
  private files: PendingFile[] = [];
  private chunks: FileChunk[] = [];
  private batchBytes = 0;
  private current: { file: PendingFile; seq: number; pieces: Buffer[]; bytes: number } | undefined;
  private manifestPieces: Buffer[] | undefined;
  private stored = 0;

  constructor(
    private readonly bundleId: number,
    private readonly quota: { total: number; left: number },
  ) {}

  async begin(path: string, size: number) {
    this.stored += size;
    if (this.stored > this.quota.left) throw overQuota(this.quota.total, this.quota.total - this.quota.left);
    if (path === MANIFEST_PATH) {
      if (size > MAX_MANIFEST_BYTES) throw badRequest(`The bundle's ${MANIFEST_PATH} is larger than ${MAX_MANIFEST_BYTES} bytes.`);
      this.manifestPieces = [];
    }
    const file: PendingFile = { bundleId: this.bundleId, path, size };
    this.files.push(file);
    this.current = { file, seq: 0, pieces: [], bytes: 0 };
    if (this.files.length >= BATCH_FILES) await this.flush();
  }

  async data(piece: Buffer) {
    const c = this.current!;
    if (c.file.path === MANIFEST_PATH) this.manifestPieces!.push(piece);
    c.pieces.push(piece);
    c.bytes += piece.length;
    if (c.bytes >= CHUNK_BYTES) await this.cut(false);
  }

  async end(md5: string) {
    const c = this.current!;
    if (c.file.path === MANIFEST_PATH) this.manifestRaw = Buffer.concat(this.manifestPieces!);
    this.checksums.set(c.file.path, md5);
    await this.cut(true);
    this.current = undefined;
  }

  /** Moves the current file's buffered bytes into the batch as chunks, writing whenever a chunk's worth is waiting. */
  private async cut(last: boolean) {
    const c = this.current!;
    let all = Buffer.concat(c.pieces);
    while (all.length >= CHUNK_BYTES || (last && all.length > 0)) {
      const data = all.subarray(0, CHUNK_BYTES);
      all = all.subarray(data.length);
      this.chunks.push({ file: c.file, seq: c.seq++, data });
      this.batchBytes += data.length;
      if (this.batchBytes >= CHUNK_BYTES) await this.flush();
    }
    c.pieces = all.length > 0 ? [all] : [];
    c.bytes = all.length;
  }

  async flush() {
    if (this.files.every((f) => f.id !== undefined) && this.chunks.length === 0) return;
    const files = this.files;
    const chunks = this.chunks;
    // The current file stays for its next chunks; finished ones leave once written.
    this.files = this.current ? [this.current.file] : [];
    this.chunks = [];
    this.batchBytes = 0;
    await writeBundleFiles(db, files, chunks);
  }
}

/** Bytes the owner may still store: the quota less what their content's bundles hold (0 = no quota). */
async function quotaLeft(ownerId: number, total: number, declared: number): Promise<{ total: number; left: number }> {
  if (total === 0) return { total, left: Number.MAX_SAFE_INTEGER };
  const used = (await db.bundleFile.aggregate({ _sum: { size: true }, where: { bundle: { content: { ownerId } } } }))._sum.size ?? 0;
  if (used >= total || declared > total - used) throw overQuota(total, used);
  return { total, left: total - used };
}

const overQuota = (quota: number, used: number) =>
  new AppError("payload_too_large", `This upload would exceed the owner's storage quota of ${quota} bytes (${used} bytes used): delete old content or bundles first.`, {
    reason: "storage_quota_exceeded",
    quota,
    used,
  });

export async function uploadBundle(user: Requester, ref: string, upload: BundleUpload, actor: Actor, limits?: BundleLimits) {
  const { content, bundle } = await storeBundle(user, ref, upload, actor, limits);
  return toApiBundle(bundle, content.guid, content.activeBundleId);
}

export async function listBundles(user: Requester, ref: string) {
  const content = await getContentFor(user, ref);
  const bundles = await db.bundle.findMany({ where: { contentId: content.id, ready: true }, orderBy: { id: "desc" } });
  return bundles.map((b) => toApiBundle(b, content.guid, content.activeBundleId));
}

/** The bundle to deploy: the one named, or the newest. */
export async function findBundleOf(contentId: number, bundleId: number | null | undefined): Promise<Bundle> {
  const bundle = bundleId
    ? await db.bundle.findFirst({ where: { id: bundleId, contentId, ready: true } })
    : await db.bundle.findFirst({ where: { contentId, ready: true }, orderBy: { id: "desc" } });
  if (bundle) return bundle;
  if (bundleId) throw notFound("Bundle");
  throw badRequest("This content has no bundles yet: upload one first.");
}
