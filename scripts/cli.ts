// Operator command line: `npm run cli -- <command>`. Uses the same services as the API.
import { parseArgs } from "node:util";
import { loadDotEnv } from "./env-file";

loadDotEnv();

const USAGE = `Usage: npm run cli -- <command>

  users create --username NAME --role ROLE [--external-id ID] [--email EMAIL] [--password-stdin] [--api-key]
      Creates a user. With --api-key, a new API key is printed alone on the last line.
  keys create --username NAME [--name KEY_NAME]
      Creates an API key for the user and prints it alone on the last line.
  settings set NAME VALUE
      Sets a setting, e.g. settings set EarlyAccess.IdentityFederation true
  settings list
  integrations list
  migrate
      Applies pending database migrations (the server also does this at start).
  prune
      Deletes audit events and ended API keys past their retention (the server also does this hourly).`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      username: { type: "string" },
      role: { type: "string" },
      "external-id": { type: "string" },
      email: { type: "string" },
      name: { type: "string" },
      "api-key": { type: "boolean" },
      "password-stdin": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals.slice(0, 2).join(" ");
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const { ensureMigrated } = await import("@/lib/db/startup");
  await ensureMigrated();
  const actor = "system" as const;

  switch (command) {
    case "migrate":
      console.log("Database is up to date.");
      return 0;
    case "users create": {
      const { createUser } = await import("@/lib/users/service");
      const { createCliKey } = await import("@/lib/keys/service");
      const password = values["password-stdin"] ? await readStdin() : undefined;
      const user = await createUser(
        {
          username: values.username ?? "",
          user_role: values.role as never,
          external_id: values["external-id"],
          email: values.email ?? "",
          password,
        },
        actor,
      );
      console.log(`Created ${user.userRole} ${user.username} (guid ${user.guid}).`);
      if (values["api-key"]) console.log(await createCliKey(user.username, values.name));
      return 0;
    }
    case "keys create": {
      const { createCliKey } = await import("@/lib/keys/service");
      console.log(await createCliKey(values.username ?? "", values.name));
      return 0;
    }
    case "settings set": {
      const [name, raw] = positionals.slice(2);
      if (!name || raw === undefined) throw new Error("settings set needs NAME and VALUE.");
      const { settingFromText } = await import("@/lib/settings/schema");
      const parsed = settingFromText(name, raw);
      if (!parsed.ok) throw new Error(parsed.message);
      const { updateSettings } = await import("@/lib/settings/service");
      const views = await updateSettings({ [name]: parsed.value } as never, actor);
      const view = views.find((v) => v.name === name);
      console.log(`${name} = ${JSON.stringify(view?.value)}`);
      return 0;
    }
    case "settings list": {
      const { listSettings } = await import("@/lib/settings/service");
      for (const s of await listSettings()) console.log(`${s.name} = ${JSON.stringify(s.value)} (${s.source})`);
      return 0;
    }
    case "integrations list": {
      const { listIntegrations } = await import("@/lib/federation/integrations");
      const rows = await listIntegrations();
      if (!rows.length) console.log("No integrations.");
      for (const i of rows) {
        console.log([i.guid, i.enabled ? "enabled " : "disabled", i.template, i.config.issuer, i.name].join("\t"));
      }
      return 0;
    }
    case "prune": {
      const { prune } = await import("@/lib/retention/service");
      const r = await prune();
      if (!r.ran) {
        console.log("Another instance is pruning right now; nothing done.");
        return 0;
      }
      const events = r.auditEventDays ? `older than ${r.auditEventDays} days` : "(retention 0: kept forever)";
      console.log(`Deleted ${r.auditEvents} audit events ${events}.`);
      console.log(`Deleted ${r.apiKeys} API keys expired or revoked more than ${r.apiKeyGraceDays} days ago.`);
      if (r.usedTokens) console.log(`Deleted ${r.usedTokens} records of single-use tokens that have expired.`);
      return 0;
    }
    default:
      console.error(`Unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (err: unknown) => {
    const { toAppError } = await import("@/lib/http/respond").catch(() => ({ toAppError: () => undefined }));
    const appError = toAppError(err);
    console.error(`Error: ${appError?.message ?? (err instanceof Error ? err.message : String(err))}`);
    process.exit(1);
  },
);
