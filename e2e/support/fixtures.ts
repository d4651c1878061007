import { test as base, type Cookie, type Page } from "@playwright/test";
import { ADMIN, ensureAdministrator, signInThroughApi } from "./accounts";
import { appUrl } from "./servers";

type WorkerFixtures = { adminCookies: Cookie[] };

/**
 * `baseURL`: this worker's own app server (e2e/support/servers.ts).
 * `adminPage`: a page signed in as the first administrator (created if needed; signed in once per worker).
 */
export const test = base.extend<{ adminPage: Page }, WorkerFixtures>({
  baseURL: async ({}, provide, testInfo) => provide(appUrl(testInfo.parallelIndex)),
  adminCookies: [
    async ({ browser }, provide, workerInfo) => {
      const context = await browser.newContext({ baseURL: appUrl(workerInfo.parallelIndex) });
      await ensureAdministrator(context.request, workerInfo.parallelIndex);
      // The sign-in form itself is tested in setup-and-sign-in.spec.ts.
      await signInThroughApi(context.request, ADMIN);
      const { cookies } = await context.storageState();
      await context.close();
      await provide(cookies);
    },
    { scope: "worker" },
  ],
  adminPage: async ({ page, adminCookies }, provide) => {
    await page.context().addCookies(adminCookies);
    await provide(page);
  },
});

export { expect } from "@playwright/test";
