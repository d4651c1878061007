// The dashboard runs only scripts carrying its per-request nonce (proxy.ts): each
// page's CSP has a nonce and no 'unsafe-inline' script source, its scripts carry
// the nonce, and the main pages work without a single CSP violation. Also the
// integration page's single-use tokens option, where an administrator sees it.
import { randomBytes } from "node:crypto";
import type { Page, Response } from "@playwright/test";
import { appOrigin } from "./support/accounts";
import { deleteIntegrationsAfterEach } from "./support/federation";
import { test, expect } from "./support/fixtures";
import { OIDC_ISSUER } from "./support/oidc";
import { screenshotSizes } from "./support/shots";

const created = deleteIntegrationsAfterEach();

/** Collects CSP violations: the DOM event of each document, and Chromium's console errors. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) fromConsole.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const fromEvents: string[] = [];
  return async () => {
    fromEvents.push(...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])));
    return [...fromEvents, ...fromConsole];
  };
}

/** The page's policy: a fresh nonce in script-src, no inline scripts, forms to this origin only; every script carries the nonce. */
async function expectNoncePolicy(page: Page, res: Response | null) {
  const csp = (await res?.allHeaders())?.["content-security-policy"] ?? "";
  const script = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
  expect(script).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]+=*' 'strict-dynamic'$/);
  expect(script).not.toContain("unsafe-inline");
  expect(csp).toMatch(/(^|; )form-action 'self'(;|$)/);
  const nonce = /'nonce-([^']+)'/.exec(script)![1];
  // Every script the server rendered (framework, chunks, inline flight data) carries it.
  const tags = (await res!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  expect(tags.filter((t) => !t.includes(`nonce="${nonce}"`)), "scripts without this response's nonce").toEqual([]);
  expect(await page.evaluate(() => document.scripts.length)).toBeGreaterThan(0);
  return nonce;
}


test("the sign-in page runs under a nonce policy: a new nonce per response, and its script works", async ({ page }) => {
  const violations = await watchViolations(page);
  const first = await expectNoncePolicy(page, await page.goto("/login"));
  // Hydrated: the form's own check answers, which only its script can do.
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Enter your username and password." })).toBeVisible();
  expect(await violations()).toEqual([]);
  await screenshotSizes(page, "csp-login");

  const second = await expectNoncePolicy(page, await page.reload());
  expect(second).not.toBe(first);
  expect(await violations()).toEqual([]);
});

test("the dashboard's main pages, a client-side navigation and a 404 raise no CSP violation", async ({ adminPage: page }) => {
  const violations = await watchViolations(page);
  for (const [path, heading] of [
    ["/integrations", "Integrations"],
    ["/users", "Users"],
    ["/audit", "Audit"],
    ["/settings", "Settings"],
    ["/content", "Content"],
    ["/keys", "API keys"],
  ]) {
    await expectNoncePolicy(page, await page.goto(path));
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    expect(await violations(), path).toEqual([]);
  }
  // Scripts loaded after hydration (a route's chunks) are trusted through 'strict-dynamic'.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  expect(await violations()).toEqual([]);

  const missing = await page.goto(`/no-such-page-${randomBytes(3).toString("hex")}`);
  expect(missing?.status()).toBe(404);
  await expectNoncePolicy(page, missing);
  expect(await violations()).toEqual([]);
});

test("an integration with single-use tokens says so on its page and in its form's advanced options", async ({ adminPage: page }) => {
  const violations = await watchViolations(page);
  const name = `Single-use ${randomBytes(3).toString("hex")}`;
  const res = await page.request.post("/__api__/v1/oauth/integrations", {
    data: {
      template: "oidc-federation",
      name,
      enabled: false,
      config: { issuer: OIDC_ISSUER, client_id: `ci-${randomBytes(3).toString("hex")}`, allow_private_issuer: true, single_use_tokens: true },
    },
    headers: { origin: appOrigin() },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { guid } = await res.json();
  created.push(guid);

  await page.goto(`/integrations/${guid}`);
  await expect(page.getByTestId("single-use")).toHaveText(
    "Single-use tokens: each token is exchanged once; a replay is refused (token_replayed).",
  );
  // The form is on the Configuration tab (the integration page is in tabs).
  await page.getByRole("tab", { name: "Configuration", exact: true }).click();
  await page.getByRole("button", { name: "Edit configuration" }).click();
  await page.getByText("Advanced options").click();
  const option = page.getByRole("checkbox", { name: "Single-use tokens" });
  await expect(option).toBeChecked();
  await expect(page.getByText(/Leave it off for Posit Workbench/)).toBeVisible();
  await option.scrollIntoViewIfNeeded();
  await screenshotSizes(page, "csp-integration-single-use");
  expect(await violations()).toEqual([]);
});
