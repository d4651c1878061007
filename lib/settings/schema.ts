// Setting definitions, shared by the dashboard and the server: imports only zod.
import { z } from "zod";
import "@/lib/validation/messages";

export const SETTINGS = {
  "EarlyAccess.IdentityFederation": {
    schema: z.boolean(),
    default: false,
    label: "Identity Federation (Early Access)",
    description:
      "Lets users exchange an ID token from a trusted OpenID Connect provider (for example Posit Workbench's) for a short-lived API key of their existing account. While off, every exchange is refused.",
  },
  "OAuth2.UniqueIdClaim": {
    schema: z.string().trim().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be a claim name such as sub or email"),
    default: "sub",
    label: "Unique ID claim",
    description:
      "The claim of the single sign-on ID token stored as a user's external_id at sign-in. Federation integrations match their match_claim against that value.",
  },
  "Federation.MaxKeyLifetime": {
    schema: z.number().int().min(60, "must be at least 60 seconds").max(604800, "must be at most 7 days"),
    default: 3600,
    label: "Federated key lifetime cap (seconds)",
    description: "A federated API key expires when its ID token does, and never later than this many seconds after it is minted.",
  },
  "Retention.AuditEventDays": {
    schema: z.number().int().min(0, "must be 0 (keep forever) or more").max(36500, "must be at most 36500 days"),
    default: 365,
    label: "Audit event retention (days)",
    description: "Audit events older than this many days are deleted by an hourly job. 0 keeps them forever.",
  },
  "Retention.ApiKeyGraceDays": {
    schema: z.number().int().min(0, "must be 0 or more").max(36500, "must be at most 36500 days"),
    default: 30,
    label: "Expired API key grace period (days)",
    description:
      "Expired and revoked API keys are deleted this many days after they expired or were revoked, by an hourly job. Their audit events stay.",
  },
} as const;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
export type SettingValues = { [K in SettingName]: (typeof SETTINGS)[K]["default"] extends boolean ? boolean : (typeof SETTINGS)[K]["default"] extends number ? number : string };

export const patchSettingsSchema = z
  .object({
    "EarlyAccess.IdentityFederation": SETTINGS["EarlyAccess.IdentityFederation"].schema,
    "OAuth2.UniqueIdClaim": SETTINGS["OAuth2.UniqueIdClaim"].schema,
    "Federation.MaxKeyLifetime": SETTINGS["Federation.MaxKeyLifetime"].schema,
    "Retention.AuditEventDays": SETTINGS["Retention.AuditEventDays"].schema,
    "Retention.ApiKeyGraceDays": SETTINGS["Retention.ApiKeyGraceDays"].schema,
  })
  .partial()
  .strict();
export type PatchSettingsInput = z.input<typeof patchSettingsSchema>;

export type SettingView = {
  name: SettingName;
  label: string;
  description: string;
  value: boolean | number | string;
  default: boolean | number | string;
  source: "default" | "database" | "environment";
  read_only: boolean;
};

const TRUE_WORDS = ["true", "on", "yes", "1"];
const FALSE_WORDS = ["false", "off", "no", "0"];

/**
 * A setting's value from text an operator typed (the CLI): true/false/on/off/yes/no/1/0
 * for switches, digits for numbers. The schema then checks the value itself.
 */
export function settingFromText(name: string, raw: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!Object.hasOwn(SETTINGS, name)) {
    return { ok: false, message: `There is no setting named "${name}". Settings: ${SETTING_NAMES.join(", ")}.` };
  }
  const kind = typeof SETTINGS[name as SettingName].default;
  const text = raw.trim();
  if (kind === "boolean") {
    if (TRUE_WORDS.includes(text.toLowerCase())) return { ok: true, value: true };
    if (FALSE_WORDS.includes(text.toLowerCase())) return { ok: true, value: false };
    return { ok: false, message: `${name} is a switch: give true or false (or on/off, yes/no, 1/0), not "${raw}".` };
  }
  if (kind === "number") {
    if (/^-?\d{1,15}$/.test(text)) return { ok: true, value: Number(text) };
    return { ok: false, message: `${name} must be a whole number, not "${raw}".` };
  }
  return { ok: true, value: text };
}
