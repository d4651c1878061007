import { test as base, type Cookie, type Page } from "@playwright/test";
import { ADMIN, ensureAdministrator, signInThroughApi } from "./accounts";
import { serverOf } from "./servers";

type WorkerFixtures = { adminCookies: Cookie[] };

/**
 * `baseURL`: this test's app server: its worker's own, or the PostgreSQL one for that project (e2e/support/servers.ts).
 * `adminPage`: a page signed in as the first administrator (created if needed; signed in once per worker).
 */
export const test = base.extend<{ adminPage: Page }, WorkerFixtures>({
  baseURL: async ({}, provide, testInfo) => provide(serverOf(testInfo).url),
  adminCookies: [
    async ({ browser }, provide, workerInfo) => {
      const server = serverOf(workerInfo);
      const context = await browser.newContext({ baseURL: server.url });
      await ensureAdministrator(context.request, server);
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
