// Bundles: uploaded gzip tar archives with a manifest.json. The files are stored
// in the database (BundleFile rows), not on local disk, so every instance sharing
// the database serves the same content. A bundle and its files are written in one
// transaction: a failed upload stores nothing.
import { db } from "@/lib/db";
import type { Bundle } from "@/lib/db/generated/sqlite/client";
import { config } from "@/lib/config/env";
import { AppError, badRequest, notFound } from "@/lib/errors/app-error";
import { recordAudit, type Actor } from "@/lib/audit/service";
import { readBundleArchive, type ArchiveLimits } from "./archive";
import { MANIFEST_PATH, parseManifest, verifyManifestFiles } from "./manifest";
import { getContentFor, type ContentRow, type Requester } from "./service";

/** Unpacked files may take up to this many times the compressed limit (text compresses well). */
const UNPACKED_FACTOR = 4;
const MAX_FILES = 10_000;
/** Rows per insert: keeps each statement well under the drivers' parameter and packet limits. */
const BATCH_BYTES = 8 * 1024 * 1024;
const BATCH_ROWS = 500;

export function bundleLimits(maxBytes = config().bundleMaxBytes): ArchiveLimits {
  return { maxBytes, maxUnpackedBytes: maxBytes * UNPACKED_FACTOR, maxFiles: MAX_FILES };
}

const ACCEPTED_TYPES = ["application/gzip", "application/x-gzip", "application/x-tar", "application/x-gtar", "application/octet-stream"];

/**
 * Refuses what can be refused before reading the body: a declared length over the
 * limit, or a multipart form (rsconnect sends the archive raw, sometimes untyped).
 */
function checkBundleRequest(headers: Headers, limits: ArchiveLimits) {
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
  limits: ArchiveLimits = bundleLimits(),
): Promise<{ content: ContentRow; bundle: Bundle }> {
  // Ownership first: nobody else's upload is read at all.
  const content = await getContentFor(user, ref);
  checkBundleRequest(upload.headers, limits);
  const archive = await readBundleArchive(upload.body, limits);
  const manifestRaw = archive.files.get(MANIFEST_PATH);
  const manifest = parseManifest(manifestRaw);
  verifyManifestFiles(manifest, (path) => archive.files.get(path));

  const bundle = await db.$transaction(
    async (tx) => {
      const created = await tx.bundle.create({
        data: { contentId: content.id, size: archive.size, manifest: Buffer.from(manifestRaw!).toString("utf8") },
      });
      for (const batch of batches([...archive.files])) {
        await tx.bundleFile.createMany({
          data: batch.map(([path, data]) => ({ bundleId: created.id, path, size: data.length, data })),
        });
      }
      await recordAudit(tx, {
        actor,
        action: "content.bundle_upload",
        outcome: "success",
        userId: content.ownerId,
        details: { content_guid: content.guid, bundle_id: created.id, size: archive.size, files: archive.files.size },
      });
      return created;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { content, bundle };
}

export async function uploadBundle(user: Requester, ref: string, upload: BundleUpload, actor: Actor, limits?: ArchiveLimits) {
  const { content, bundle } = await storeBundle(user, ref, upload, actor, limits);
  return toApiBundle(bundle, content.guid, content.activeBundleId);
}

function* batches<T extends Uint8Array>(files: [string, T][]) {
  let batch: [string, T][] = [];
  let bytes = 0;
  for (const file of files) {
    if (batch.length > 0 && (batch.length >= BATCH_ROWS || bytes + file[1].length > BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(file);
    bytes += file[1].length;
  }
  if (batch.length > 0) yield batch;
}

export async function listBundles(user: Requester, ref: string) {
  const content = await getContentFor(user, ref);
  const bundles = await db.bundle.findMany({ where: { contentId: content.id }, orderBy: { id: "desc" } });
  return bundles.map((b) => toApiBundle(b, content.guid, content.activeBundleId));
}

/** The bundle to deploy: the one named, or the newest. */
export async function findBundleOf(contentId: number, bundleId: number | null | undefined): Promise<Bundle> {
  const bundle = bundleId
    ? await db.bundle.findFirst({ where: { id: bundleId, contentId } })
    : await db.bundle.findFirst({ where: { contentId }, orderBy: { id: "desc" } });
  if (bundle) return bundle;
  if (bundleId) throw notFound("Bundle");
  throw badRequest("This content has no bundles yet: upload one first.");
}
