import AxeBuilder from "@axe-core/playwright";
import axe from "axe-core";
import { expect, type Locator, type Page } from "@playwright/test";
import { PHONE, screenshot, takingScreenshots } from "./shots";

/** The rules whose outcome a colour theme can change: the rest see the same DOM in either theme. */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/**
 * Fails on serious or critical axe violations, listing each rule and where it fired;
 * `only` limits the check to some rules.
 */
export async function expectNoSeriousA11yViolations(page: Page, only?: string[]) {
  // Legacy mode runs axe in the page itself: the default opens a blank page for every check to merge
  // frames' results, which this app (no iframes) does not need and which costs more than the check.
  // Only violations in full: axe skips detailing every passing node.
  // AxeBuilder evaluates axe-core's 500 KB source twice on every check; a page checked several
  // times (themes, sizes) gets it once, and AxeBuilder a no-op source.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  let builder = new AxeBuilder({ page, axeSource: "void 0" }).setLegacyMode(true).options({ resultTypes: ["violations"] });
  if (only) builder = builder.withRules(only);
  const { violations } = await builder.analyze();
  const blocking = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(blocking, `accessibility violations on ${page.url()}`).toEqual([]);
}

export type Theme = "light" | "dark";

/**
 * Shows the page as the system's light or dark setting would (the dashboard follows it
 * unless the person picked a theme), once next-themes has applied it.
 */
export async function showInTheme(page: Page, theme: Theme) {
  await page.emulateMedia({ colorScheme: theme });
  if (theme === "dark") await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  else await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
}

/**
 * Every axe rule in light mode, then in dark mode the rules a theme can change (colour
 * contrast); with E2E_SHOTS_DIR set, a screenshot of each. Leaves the page in light mode.
 */
export async function expectAccessibleInBothThemes(page: Page, shot?: string) {
  await expectAccessible(page, "light", shot);
  await expectAccessible(page, "dark", shot);
  await showInTheme(page, "light");
}

/** In light mode every axe rule; in dark mode the rules a theme can change. */
export async function expectAccessible(page: Page, theme: Theme, shot?: string) {
  await showInTheme(page, theme);
  await expectNoSeriousA11yViolations(page, theme === "dark" ? COLOUR_RULES : undefined);
  if (shot) await screenshot(page, `${shot}-${theme}`);
}

/**
 * A layout at a phone's width: nothing scrolls sideways, and every axe rule passes in light
 * mode. Colours do not depend on the width, so dark mode is checked at the wider size only;
 * with E2E_SHOTS_DIR set, both themes are photographed.
 */
export async function expectPhoneReady(page: Page, shot?: string) {
  await page.setViewportSize(PHONE);
  await expectNoSidewaysScroll(page);
  await expectAccessible(page, "light", shot);
  if (shot && takingScreenshots()) {
    await showInTheme(page, "dark");
    await screenshot(page, `${shot}-dark`);
    await showInTheme(page, "light");
  }
}

/** Nothing on the page is wider than the window: a phone never scrolls sideways. */
export async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, width } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scrollWidth, `${page.url()} is ${scrollWidth} px wide in a ${width} px window`).toBeLessThanOrEqual(width);
}

/** An element's background as [r, g, b] in sRGB, whatever colour syntax the stylesheet used (oklch here). */
export async function backgroundOf(element: Locator): Promise<[number, number, number]> {
  return element.evaluate((el) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext("2d")!;
    ctx.fillStyle = getComputedStyle(el).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b] as [number, number, number];
  });
}

/** The page's background (the body's). */
export const bodyBackground = (page: Page) => backgroundOf(page.locator("body"));

/** WCAG relative luminance: 0 for black, 1 for white. */
export function luminance([r, g, b]: [number, number, number]): number {
  const channel = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
