// Screenshots for a person to look at, never compared: taken only when E2E_SHOTS_DIR
// names a folder (`E2E_SHOTS_DIR=/tmp/shots npm run test:e2e`), so a normal run spends
// no time encoding images nobody opens.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { test, type Page } from "@playwright/test";

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

const dir = () => process.env.E2E_SHOTS_DIR;

/** Whether this run saves screenshots. */
export const takingScreenshots = () => Boolean(dir());

/** A full-page screenshot named for the page and the viewport, listed in the test's annotations. */
export async function screenshot(page: Page, name: string) {
  const folder = dir();
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
  const file = `${name}-${width}x${height}.png`;
  await page.screenshot({ path: path.join(folder, file), fullPage: true });
  test.info().annotations.push({ type: "screenshot", description: file });
}

/** The page at a desktop's and a phone's size, then back to the viewport it had. */
export async function screenshotSizes(page: Page, name: string) {
  if (!dir()) return;
  const before = page.viewportSize();
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await screenshot(page, name);
  }
  if (before) await page.setViewportSize(before);
}
