// Checks a bundle against its manifest.json (Connect's format). Used on upload,
// and again at deploy on the stored files.
import { createHash } from "node:crypto";
import { badRequest } from "@/lib/errors/app-error";
import { manifestSchema, type Manifest } from "./schema";
import { normalizeBundlePath } from "./archive";

export const MANIFEST_PATH = "manifest.json";

/** App modes this server can serve without a runtime. */
export const SERVABLE_APP_MODES = ["static"] as const;

export function parseManifest(raw: Buffer | Uint8Array | undefined): Manifest {
  if (!raw) {
    throw badRequest(`The bundle has no ${MANIFEST_PATH} at its root: every bundle must include one (rsconnect writes it).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw).toString("utf8"));
  } catch {
    throw badRequest(`The bundle's ${MANIFEST_PATH} is not valid JSON.`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
    const list = fields.map((f) => `${f.field}: ${f.message}`).join("; ");
    throw badRequest(`The bundle's ${MANIFEST_PATH} is invalid: ${list}`, { fields });
  }
  return parsed.data;
}

export const md5Hex = (data: Uint8Array) => createHash("md5").update(data).digest("hex");

/**
 * Every file the manifest lists is in the bundle with the listed md5, and the
 * primary document, when named, is there too. `files` looks a path up.
 */
export function verifyManifestFiles(manifest: Manifest, files: (path: string) => Uint8Array | undefined): void {
  for (const [name, { checksum }] of Object.entries(manifest.files)) {
    const path = normalizeBundlePath(name);
    if (path === null) throw badRequest(`${MANIFEST_PATH} lists an unsafe path "${name}".`, { path: name });
    const data = files(path);
    if (!data) throw badRequest(`${MANIFEST_PATH} lists "${path}", which is not in the bundle.`, { path });
    const actual = md5Hex(data);
    if (actual !== checksum.toLowerCase()) {
      throw badRequest(`Checksum mismatch for "${path}": ${MANIFEST_PATH} says ${checksum.toLowerCase()}, the file's md5 is ${actual}.`, {
        path,
        expected: checksum.toLowerCase(),
        actual,
      });
    }
  }
  const primary = manifest.metadata.primary_html;
  if (primary !== undefined) {
    const path = normalizeBundlePath(primary);
    if (path === null || !files(path)) {
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
