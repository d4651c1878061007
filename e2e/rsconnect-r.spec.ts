// Posit's real R client, unmodified: Debian's r-cran-rsconnect publishes to the
// built server with a key exchanged from a real ID token, then every file of the
// served site is fetched back. `.ci/run` installs R; elsewhere the test skips
// when Rscript is missing (and fails in CI, where it must not be missing).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test, expect } from "./support/fixtures";
import { withFederatedPublisher } from "./support/federation";

const RSCRIPT = "/usr/bin/Rscript";
// A 1×1 PNG: the site's image in a subfolder.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

function run(command: string, args: string[], env: Record<string, string | undefined>, timeoutMs: number) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test.describe("rsconnect for R", () => {
  test.skip(!existsSync(RSCRIPT) && !process.env.CI, "R is not installed (apt-get install r-base-core r-cran-rsconnect r-cran-rmarkdown)");

  test("deployApp() of a multi-file site, deployDoc() of a document, and a re-deploy, with a federated key", async ({
    adminPage,
    request,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    await withFederatedPublisher(adminPage, request, (id) => `e2e rsconnect ${id}`, async ({ id, account, key }) => {
      const work = mkdtempSync(path.join(tmpdir(), "fed-rsconnect-"));
      const site = path.join(work, "site");
      const docs = path.join(work, "docs");
      mkdirSync(path.join(site, "img"), { recursive: true });
      mkdirSync(docs);
      const files: Record<string, string | Buffer> = {
        "index.html": "<!doctype html><title>Site</title><link rel=stylesheet href=style.css><h1>First version</h1><img src=img/logo.png alt=logo>",
        "style.css": "h1 { color: rebeccapurple }",
        "img/logo.png": PNG,
      };
      for (const [name, data] of Object.entries(files)) writeFileSync(path.join(site, name), data);
      const doc = path.join(docs, "report.html");
      writeFileSync(doc, "<!doctype html><title>Report</title><p>Quarterly numbers</p>");
      const siteName = `site_${id}`;

      const { code, output } = await run(
        RSCRIPT,
        [path.join(import.meta.dirname, "support/rsconnect-deploy.R")],
        {
          PATH: process.env.PATH,
          HOME: work,
          XDG_CONFIG_HOME: path.join(work, ".config"),
          R_LIBS_USER: path.join(work, "R"),
          RSC_SERVER_URL: baseURL!,
          RSC_ACCOUNT: account.username,
          RSC_API_KEY: key,
          RSC_SITE_DIR: site,
          RSC_SITE_NAME: siteName,
          RSC_DOC_PATH: doc,
        },
        150_000,
      );
      expect(code, output).toBe(0);
      expect(output).not.toMatch(/^Error/m);
      expect(output).toContain("DONE");
      expect(output).not.toContain(key);

      // What rsconnect created: the site and the document, each once, owned by the federated user.
      const auth = { authorization: `Key ${key}` };
      const me = await (await request.get("/__api__/users/current", { headers: auth })).json();
      const listed = await request.get(`/__api__/applications?filter=account_id:${me.id}`, { headers: auth });
      const apps: { name: string; guid: string; url: string; owner_username: string }[] = (await listed.json()).applications;
      expect(apps.map((a) => a.name).sort()).toEqual([siteName, "report"].sort());
      expect(apps.every((a) => a.owner_username === account.username)).toBe(true);

      // Every file of the re-deployed site, as served at the URL rsconnect was given.
      const siteApp = apps.find((a) => a.name === siteName)!;
      expect(siteApp.url).toBe(`${baseURL}/content/${siteApp.guid}/`);
      files["index.html"] = readFileSync(path.join(site, "index.html"), "utf8");
      expect(files["index.html"]).toContain("Second version");
      for (const [name, data] of Object.entries(files)) {
        const res = await request.get(new URL(name === "index.html" ? "" : name, siteApp.url).toString(), { headers: auth });
        expect(res.status(), name).toBe(200);
        expect(Buffer.from(await res.body()).equals(Buffer.from(data)), name).toBe(true);
      }
      const reportApp = apps.find((a) => a.name === "report")!;
      const report = await request.get(reportApp.url, { headers: auth });
      expect(report.status()).toBe(200);
      expect(await report.text()).toContain("Quarterly numbers");

      // The deployment records rsconnect wrote point at the same item.
      const record = readFileSync(path.join(site, "rsconnect", "federation", account.username, `${siteName}.dcf`), "utf8");
      expect(record).toContain(`url: ${siteApp.url}`);
    });
  });
});
