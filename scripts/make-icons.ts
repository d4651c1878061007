// Renders public/icon.svg into the PNG and ICO icons beside it (run after editing the SVG):
//   npx tsx scripts/make-icons.ts
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { SYSTEM_CHROMIUM } from "../e2e/support/browser";

const publicDir = path.resolve("public");
const svg = readFileSync(path.join(publicDir, "icon.svg"), "utf8");

/** An ICO file holding PNG images, which every browser that reads favicon.ico accepts. */
function ico(images: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size % 256, 0);
    entry.writeUInt8(size % 256, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

const browser = await chromium.launch({ executablePath: SYSTEM_CHROMIUM });
const page = await browser.newPage();
async function render(size: number, padding = 0): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  // The apple-touch icon fills its square (iOS rounds the corners itself) on the icon's blue.
  const body = padding
    ? `<div style="width:${size}px;height:${size}px;background:#1d4ed8;display:grid;place-items:center">${svg.replace("<svg ", `<svg width="${size - 2 * padding}" height="${size - 2 * padding}" `)}</div>`
    : svg.replace("<svg ", `<svg width="${size}" height="${size}" `);
  await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`);
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

writeFileSync(path.join(publicDir, "favicon.ico"), ico([{ size: 16, png: await render(16) }, { size: 32, png: await render(32) }, { size: 48, png: await render(48) }]));
writeFileSync(path.join(publicDir, "apple-touch-icon.png"), await render(180, 14));
writeFileSync(path.join(publicDir, "icon-192.png"), await render(192));
writeFileSync(path.join(publicDir, "icon-512.png"), await render(512));
writeFileSync(path.join(publicDir, "icon-maskable-512.png"), await render(512, 80));
await browser.close();
console.log("icons written to public/");
