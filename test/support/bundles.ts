// Builds bundles (gzip tar archives with a Connect manifest.json) in memory.
// No database imports: Playwright specs use it too.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { pack, type Header } from "tar-stream";

export type TarEntry = { name: string; data?: string | Buffer; type?: Header["type"]; linkname?: string };

export async function tarGz(entries: TarEntry[]): Promise<Buffer> {
  const archive = pack();
  for (const e of entries) {
    archive.entry({ name: e.name, type: e.type ?? "file", linkname: e.linkname, mode: 0o644 }, e.data ?? "");
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive as AsyncIterable<Buffer>) chunks.push(chunk);
  return gzipSync(Buffer.concat(chunks));
}

export const md5 = (data: string | Buffer) => createHash("md5").update(data).digest("hex");

export function manifestFor(files: Record<string, string | Buffer>, metadata: Record<string, unknown> = {}) {
  return {
    version: 1,
    locale: "en_US",
    metadata: { appmode: "static", primary_html: "index.html", ...metadata },
    files: Object.fromEntries(Object.entries(files).map(([path, data]) => [path, { checksum: md5(data) }])),
  };
}

export const SITE = {
  "index.html": "<!doctype html><title>Hello</title><link rel=stylesheet href=style.css><h1>Hello from a bundle</h1>",
  "style.css": "h1 { color: teal }",
  "docs/index.html": "<p>docs</p>",
  "img/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

/** A static site bundle; `manifest` overrides or extends the generated manifest. */
export async function staticBundle(
  files: Record<string, string | Buffer> = SITE,
  manifest: Record<string, unknown> = {},
  extra: TarEntry[] = [],
): Promise<Buffer> {
  const body = { ...manifestFor(files), ...manifest };
  return tarGz([
    { name: "manifest.json", data: JSON.stringify(body) },
    ...Object.entries(files).map(([name, data]) => ({ name, data })),
    ...extra,
  ]);
}
