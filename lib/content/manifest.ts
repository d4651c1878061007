// Checks a bundle against its manifest.json (Connect's format), once, on upload:
// stored bundle files never change, so deploy trusts what upload verified.
import { badRequest, type FieldError } from "@/lib/errors/app-error";
import { manifestSchema, type Manifest } from "./schema";
import { BUNDLE_PATH_RULE, normalizeBundlePath } from "./archive";
import { NUL_MESSAGE, nulPaths } from "@/lib/validation/text";

export const MANIFEST_PATH = "manifest.json";

/** App modes this server can serve without a runtime. */
export const SERVABLE_APP_MODES = ["static"] as const;

/** A manifest this large is not a list of files for a site; parsing it would hold the event loop. */
export const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;

/** The manifest, with `files` keyed by normalised path: `./x` and `x` are one path, and listing it twice is an error. */
export function parseManifest(raw: Buffer | Uint8Array | undefined): Manifest {
  if (!raw) {
    throw badRequest(`The bundle has no ${MANIFEST_PATH} at its root: every bundle must include one (rsconnect writes it).`);
  }
  if (raw.byteLength > MAX_MANIFEST_BYTES) {
    throw badRequest(`The bundle's ${MANIFEST_PATH} is larger than ${MAX_MANIFEST_BYTES} bytes.`, { limit: MAX_MANIFEST_BYTES });
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw).toString("utf8"));
  } catch {
    throw badRequest(`The bundle's ${MANIFEST_PATH} is not valid JSON.`);
  }
  const invalid = (fields: FieldError[]) =>
    badRequest(`The bundle's ${MANIFEST_PATH} is invalid: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`, { fields });
  const nul = nulPaths(json);
  if (nul.length) throw invalid(nul.map((field) => ({ field, message: NUL_MESSAGE })));
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })));
  const files: Manifest["files"] = {};
  for (const [name, entry] of Object.entries(parsed.data.files)) {
    const path = normalizeBundlePath(name);
    if (path === null) throw badRequest(`${MANIFEST_PATH} lists an unsafe path "${name}": ${BUNDLE_PATH_RULE}.`, { path: name });
    if (Object.hasOwn(files, path)) throw badRequest(`${MANIFEST_PATH} lists "${path}" more than once.`, { path });
    files[path] = { ...entry, checksum: entry.checksum.toLowerCase() };
  }
  return { ...parsed.data, files };
}

/**
 * Every file the manifest lists is in the bundle with the listed md5, and the
 * primary document, when named, is there too. `md5Of` gives a bundle file's
 * checksum, computed once as it streamed in.
 */
export function verifyManifestFiles(manifest: Manifest, md5Of: (path: string) => string | undefined): void {
  for (const [path, { checksum }] of Object.entries(manifest.files)) {
    const actual = md5Of(path);
    if (actual === undefined) throw badRequest(`${MANIFEST_PATH} lists "${path}", which is not in the bundle.`, { path });
    if (actual !== checksum) {
      throw badRequest(`Checksum mismatch for "${path}": ${MANIFEST_PATH} says ${checksum}, the file's md5 is ${actual}.`, {
        path,
        expected: checksum,
        actual,
      });
    }
  }
  const primary = manifest.metadata.primary_html;
  if (primary !== undefined) {
    const path = normalizeBundlePath(primary);
    if (path === null || md5Of(path) === undefined) {
      throw badRequest(`metadata.primary_html names "${primary}", which is not in the bundle.`, { path: primary });
    }
  }
}

/** The document served at the content's root: primary_html, an HTML entrypoint, or index.html. */
export function primaryDocument(manifest: Manifest): string {
  const { primary_html, entrypoint } = manifest.metadata;
  const candidate = primary_html ?? (entrypoint && /\.html?$/i.test(entrypoint) ? entrypoint : undefined) ?? "index.html";
  return normalizeBundlePath(candidate) ?? "index.html";
}

export const isServable = (appMode: string) => (SERVABLE_APP_MODES as readonly string[]).includes(appMode);
