// System > Settings: the feature flag and the other §2 settings, saved through the same API as every client.
import { test, expect } from "./support/fixtures";
import type { Page } from "@playwright/test";

type SettingView = { name: string; label: string; value: boolean | number | string; source: string; read_only: boolean };
const FLAG = "EarlyAccess.IdentityFederation";

async function settingsOf(page: Page): Promise<SettingView[]> {
  const res = await page.request.get("/__api__/v1/system/settings");
  expect(res.status()).toBe(200);
  return res.json();
}

const valueOf = async (page: Page, name: string) => (await settingsOf(page)).find((s) => s.name === name)!.value;

/** Puts settings back through the API, so a failing test leaves the shared server as it found it. */
async function restore(page: Page, values: Record<string, unknown>) {
  const origin = new URL(page.url()).origin;
  const res = await page.request.patch("/__api__/v1/system/settings", { data: values, headers: { origin } });
  expect(res.status(), await res.text()).toBe(200);
}

test("the federation flag turns on and off, asking before it turns off, and stays so after a reload", async ({ adminPage: page }) => {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(page.getByText("When on,")).toBeVisible();
  await expect(page.getByText("When off,")).toBeVisible();

  const flag = page.getByRole("switch", { name: "Identity Federation (Early Access)" });
  test.skip((await settingsOf(page)).find((s) => s.name === FLAG)!.read_only, "the flag is pinned by the environment");
  const initial = (await flag.getAttribute("aria-checked")) === "true";
  const confirm = page.getByRole("dialog", { name: "Turn off identity federation?" });
  try {
    for (const [next, how] of [
      [!initial, "mouse"],
      [initial, "keyboard"],
    ] as const) {
      if (how === "mouse") await flag.click();
      else {
        await flag.focus();
        await page.keyboard.press("Space");
      }
      if (!next) {
        // Off stops every exchange: the dialog says so and what keeps working; Cancel is the safe default.
        await expect(confirm).toContainText("Every token exchange will be refused with federation_disabled");
        await expect(confirm).toContainText("API keys already issued keep working until they expire");
        await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
        await page.keyboard.press("Escape");
        await expect(confirm).toBeHidden();
        expect(await valueOf(page, FLAG)).toBe(true);
        await expect(flag).toHaveAttribute("aria-checked", "true");
        await flag.click();
        await confirm.getByRole("button", { name: "Turn off" }).click();
      }
      await expect(page.getByRole("status").filter({ hasText: `Identity federation is now ${next ? "on" : "off"}.` })).toBeVisible();
      await expect(flag).toHaveAttribute("aria-checked", String(next));
      await expect(page.getByTestId("federation-state")).toHaveText(next ? "On" : "Off");
      await expect(flag).toBeFocused(); // saving does not drop the keyboard's place
      expect(await valueOf(page, FLAG)).toBe(next);

      await page.reload();
      await expect(flag).toHaveAttribute("aria-checked", String(next));
      await expect(flag).toBeEnabled();
    }
  } finally {
    await restore(page, { [FLAG]: initial });
  }
});

test("offline, the switch shows it is saving, then the failure and the true state, and never applies the change later", async ({
  adminPage: page,
}) => {
  test.skip((await settingsOf(page)).find((s) => s.name === FLAG)!.read_only, "the flag is pinned by the environment");
  const initial = (await valueOf(page, FLAG)) === true;
  const target = !initial;
  await page.goto("/settings");
  const flag = page.getByRole("switch", { name: "Identity Federation (Early Access)" });
  const state = page.getByTestId("federation-state");
  await expect(flag).toHaveAttribute("aria-checked", String(initial));
  const press = async () => {
    await flag.click();
    if (!target) await page.getByRole("dialog", { name: "Turn off identity federation?" }).getByRole("button", { name: "Turn off" }).click();
  };
  const failure = page.getByRole("alert").filter({
    hasText: `Could not turn identity federation ${target ? "on" : "off"}: The server could not be reached. Check your connection and try again. It is still ${initial ? "on" : "off"}.`,
  });

  // A slow connection that then drops: while the request is out the switch shows where it is going.
  let drop!: () => void;
  const dropped = new Promise<void>((resolve) => (drop = resolve));
  await page.route("**/__api__/v1/system/settings", async (route) => {
    if (route.request().method() !== "PATCH") return route.fallback();
    await dropped;
    await route.abort("internetdisconnected");
  });
  await press();
  await expect(flag).toHaveAttribute("aria-busy", "true");
  await expect(flag).toHaveAttribute("aria-checked", String(target));
  await expect(state).toHaveText(target ? "Turning on…" : "Turning off…");
  drop();
  await expect(failure).toBeVisible();
  await expect(flag).toHaveAttribute("aria-checked", String(initial));
  await expect(flag).not.toHaveAttribute("aria-busy", "true");
  await expect(state).toHaveText(initial ? "On" : "Off");
  await page.unroute("**/__api__/v1/system/settings");

  // Offline: it fails at once, instead of waiting for the connection and applying the change then.
  await page.context().setOffline(true);
  try {
    await press();
    await expect(failure).toBeVisible();
    await expect(flag).toHaveAttribute("aria-checked", String(initial));
    await expect(state).toHaveText(initial ? "On" : "Off");
  } finally {
    await page.context().setOffline(false);
  }
  // Back online, nothing is replayed: the server, and the page after a reload, still have the old state.
  await page.waitForTimeout(500);
  expect(await valueOf(page, FLAG)).toBe(initial);
  await page.reload();
  await expect(flag).toHaveAttribute("aria-checked", String(initial));
  expect(await valueOf(page, FLAG)).toBe(initial);
});

test("the unique ID claim and key lifetime validate with the shared schema, save, and persist", async ({ adminPage: page }) => {
  await page.goto("/settings");
  const views = await settingsOf(page);
  const claim = views.find((s) => s.name === "OAuth2.UniqueIdClaim")!;
  const lifetime = views.find((s) => s.name === "Federation.MaxKeyLifetime")!;
  test.skip(claim.read_only && lifetime.read_only, "both are pinned by the environment");

  try {
    if (!claim.read_only) {
      const field = page.getByLabel("Claim name");
      const save = page.getByRole("button", { name: "Save Unique ID claim" });
      await field.fill("not a claim!");
      await save.click();
      await expect(page.getByText("The claim must be a claim name such as sub or email")).toBeVisible();
      await expect(field).toBeFocused();
      await expect(field).toHaveAttribute("aria-invalid", "true");
      expect(await valueOf(page, claim.name)).toBe(claim.value);

      await field.fill("preferred_username");
      await save.click();
      await expect(page.getByRole("status").filter({ hasText: "Unique ID claim saved." })).toBeVisible();
      await expect(field).not.toHaveAttribute("aria-invalid", "true");
      expect(await valueOf(page, claim.name)).toBe("preferred_username");
    }

    if (!lifetime.read_only) {
      const field = page.getByLabel("Lifetime in seconds");
      const save = page.getByRole("button", { name: "Save Federated key lifetime cap (seconds)" });
      await field.fill("an hour");
      await save.click();
      await expect(page.getByText("The lifetime must be a whole number of seconds.")).toBeVisible();
      await field.fill("30");
      await save.click();
      await expect(page.getByText("The lifetime must be at least 60 seconds")).toBeVisible();
      expect(await valueOf(page, lifetime.name)).toBe(lifetime.value);

      await field.fill("7200");
      await save.click();
      await expect(page.getByRole("status").filter({ hasText: "Federated key lifetime cap (seconds) saved." })).toBeVisible();
      expect(await valueOf(page, lifetime.name)).toBe(7200);
    }

    await page.reload();
    if (!claim.read_only) await expect(page.getByLabel("Claim name")).toHaveValue("preferred_username");
    if (!lifetime.read_only) {
      await expect(page.getByLabel("Lifetime in seconds")).toHaveValue("7200");
      await expect(page.getByText("Currently 2 hours.")).toBeVisible();
    }
    await expect(page.getByText("Saved here.").first()).toBeVisible();
  } finally {
    await restore(page, {
      ...(claim.read_only ? {} : { [claim.name]: claim.value }),
      ...(lifetime.read_only ? {} : { [lifetime.name]: lifetime.value }),
    });
  }
});

// Runs when the server was started with a SETTING_* variable (e.g. SETTING_FEDERATION_MAX_KEY_LIFETIME).
test("a setting pinned by the environment is shown as such and cannot be changed", async ({ adminPage: page }) => {
  await page.goto("/settings");
  const pinned = (await settingsOf(page)).filter((s) => s.source === "environment");
  test.skip(pinned.length === 0, "no SETTING_* environment variable is set for this server");

  await expect(page.getByText("Set by the server’s environment.")).toHaveCount(pinned.length);
  for (const setting of pinned) {
    if (setting.name === FLAG) {
      await expect(page.getByRole("switch", { name: "Identity Federation (Early Access)" })).toBeDisabled();
    } else {
      const label = {
        "OAuth2.UniqueIdClaim": "Claim name",
        "Federation.MaxKeyLifetime": "Lifetime in seconds",
        "Retention.AuditEventDays": "Days to keep audit events",
        "Retention.ApiKeyGraceDays": "Days to keep ended API keys",
      }[setting.name as string]!;
      await expect(page.getByLabel(label)).toHaveAttribute("readonly", "");
      await expect(page.getByLabel(label)).toHaveValue(String(setting.value));
      await expect(page.getByRole("button", { name: `Save ${setting.label}` })).toHaveCount(0);
    }
    // The API refuses the change too.
    const origin = new URL(page.url()).origin;
    const res = await page.request.patch("/__api__/v1/system/settings", {
      data: { [setting.name]: setting.value },
      headers: { origin },
    });
    expect(res.status()).toBe(409);
  }
});

test("the 'federation is off' warning renders in its warning colour, not as a plain white card", async ({ adminPage: page }) => {
  const initial = await valueOf(page, FLAG);
  test.skip((await settingsOf(page)).find((s) => s.name === FLAG)!.read_only, "the flag is pinned by the environment");
  await page.goto("/integrations");
  await restore(page, { [FLAG]: false });
  try {
    await page.reload();
    const card = page.locator("div").filter({ has: page.getByRole("heading", { name: "Identity federation is off" }) }).last();
    await expect(card).toBeVisible();
    // The card's default bg-white must not win over its bg-amber-50: compare with what amber-50 computes to.
    const amber = await page.evaluate(() => {
      const probe = document.createElement("div");
      probe.className = "bg-amber-50";
      document.body.append(probe);
      const colour = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return colour;
    });
    await expect(card).toHaveCSS("background-color", amber);
    await expect(card).not.toHaveCSS("background-color", "rgb(255, 255, 255)");
  } finally {
    await restore(page, { [FLAG]: initial });
  }
});

test("audit event retention is set in days, and 0 keeps events forever", async ({ adminPage: page }) => {
  await page.goto("/settings");
  const retention = (await settingsOf(page)).find((s) => s.name === "Retention.AuditEventDays")!;
  test.skip(retention.read_only, "pinned by the environment");
  const field = page.getByLabel("Days to keep audit events");
  const save = page.getByRole("button", { name: "Save Audit event retention (days)" });
  try {
    await field.fill("a year");
    await save.click();
    await expect(page.getByText("The number of days must be a whole number of days.")).toBeVisible();
    expect(await valueOf(page, retention.name)).toBe(retention.value);

    await field.fill("0");
    await save.click();
    await expect(page.getByRole("status").filter({ hasText: "Audit event retention (days) saved." })).toBeVisible();
    expect(await valueOf(page, retention.name)).toBe(0);
    await page.reload();
    await expect(page.getByText("Currently 0: kept forever.")).toBeVisible();
  } finally {
    await restore(page, { [retention.name]: retention.value });
  }
});
