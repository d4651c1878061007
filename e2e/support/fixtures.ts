import { test as base, type Cookie, type Page } from "@playwright/test";
import { ADMIN, ensureAdministrator, signInThroughApi } from "./accounts";

type WorkerFixtures = { adminCookies: Cookie[] };

/** `adminPage`: a page signed in as the first administrator (created if needed; signed in once per worker). */
export const test = base.extend<{ adminPage: Page }, WorkerFixtures>({
  adminCookies: [
    async ({ browser }, provide, workerInfo) => {
      const context = await browser.newContext({ baseURL: workerInfo.project.use.baseURL });
      await ensureAdministrator(context.request);
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
