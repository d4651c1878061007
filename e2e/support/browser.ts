import { existsSync } from "node:fs";

/**
 * Debian's Chromium, when installed: Playwright's own browser download is not reachable here.
 * The headless shell (`apt-get install chromium-headless-shell`) first: it is the browser
 * Playwright itself runs headless tests in, without the full browser's window layer. On two
 * cores a new context and page cost its browser process 0.17 s of CPU against 0.58 s for
 * `chromium --headless`, and the whole e2e suite took 4.7 min against 5.7 min.
 * Undefined: Playwright's own Chromium.
 */
export const SYSTEM_CHROMIUM = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((path) => existsSync(path));
