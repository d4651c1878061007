// Finds the file of a content item's active bundle for GET /content/{guid}/…
// Access: the owner and administrators (the same rule as the API), signed in by
// session cookie or API key; anyone else gets 404.
import { contentType as contentTypeOf } from "mime-types";
import { db } from "@/lib/db";
import { readBundleFileChunk } from "@/lib/db/bundle-files";
import { notFound } from "@/lib/errors/app-error";
import { normalizeBundlePath } from "./archive";
import { parseManifest, primaryDocument } from "./manifest";
import { getContentFor, type Requester } from "./service";
import { contentPath, draftPath, DRAFT_SEGMENT } from "./urls";
import { rowIdOf } from "@/lib/validation/row-id";

export type ServedFile =
  | { kind: "file"; path: string; size: number; body: () => ReadableStream<Uint8Array>; contentType: string; etag: string }
  /** A path below the site root, to send the browser to (so relative links resolve). */
  | { kind: "redirect"; location: string };

const missing = () => notFound("File");

/** URL segments as Next.js decoded them; an encoded `/`, `..` or empty segment is never a file. */
function requestedPath(segments: string[]): string | null {
  if (segments.some((s) => s === "" || s === "." || s === ".." || s.includes("/"))) return null;
  return segments.length === 0 ? "" : normalizeBundlePath(segments.join("/"));
}

const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");

export async function resolveServedFile(
  user: Requester,
  guid: string,
  segments: string[],
  trailingSlash: boolean,
): Promise<ServedFile> {
  const content = await getContentFor(user, guid);
  // `_bundle{id}/…` previews one of the item's bundles (a draft deploy); anything else is the active bundle.
  const draft = segments.length > 0 ? DRAFT_SEGMENT.exec(segments[0]) : null;
  const bundleId = draft ? await draftBundleOf(content.id, rowIdOf(draft[1])) : content.activeBundleId;
  if (bundleId === null) throw notFound("Deployed content");
  const root = draft ? draftPath(content.guid, bundleId) : contentPath(content.guid);
  const path = requestedPath(draft ? segments.slice(1) : segments);
  if (path === null) throw missing();

  const find = (p: string) => db.bundleFile.findUnique({ where: { bundleId_path: { bundleId, path: p } } });
  // A directory (the root included) is served at its path with a trailing slash,
  // so the relative links of its index document resolve inside it.
  const directory = (dir: string) => (dir === "" ? root : `${root}${encodePath(dir)}/`);
  if (path !== "" && !trailingSlash) {
    const file = await find(path);
    if (file) return served(file);
  }
  let indexPath: string;
  if (path === "") {
    const bundle = await db.bundle.findUnique({ where: { id: bundleId }, select: { manifest: true } });
    indexPath = indexDocument(bundle?.manifest);
  } else {
    indexPath = `${path}/index.html`;
  }
  const indexFile = await find(indexPath);
  if (!indexFile) throw missing();
  if (trailingSlash) return served(indexFile);
  return { kind: "redirect", location: directory(path) };
}

/** A stored file's bytes, one chunk per pull: memory holds a chunk, not the file. */
function chunksOf(fileId: number): ReadableStream<Uint8Array> {
  let seq = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await readBundleFileChunk(db, fileId, seq++);
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

/** `bundleId` undefined: the segment names no id a bundle can have. */
async function draftBundleOf(contentId: number, bundleId: number | undefined): Promise<number> {
  const bundle =
    bundleId === undefined ? null : await db.bundle.findFirst({ where: { id: bundleId, contentId, ready: true }, select: { id: true } });
  if (!bundle) throw notFound("Bundle");
  return bundle.id;
}

function indexDocument(manifestText: string | undefined): string {
  try {
    return primaryDocument(parseManifest(Buffer.from(manifestText ?? "", "utf8")));
  } catch {
    return "index.html";
  }
}

function served(file: { id: number; bundleId: number; path: string; size: number }): ServedFile {
  return {
    kind: "file",
    path: file.path,
    size: file.size,
    body: () => chunksOf(file.id),
    contentType: contentTypeOf(file.path.split("/").pop() ?? "") || "application/octet-stream",
    // Bundle files never change, so the row identifies the bytes.
    etag: `"b${file.bundleId}-f${file.id}"`,
  };
}
