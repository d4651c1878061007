import "server-only";
import { loadConfig, type Config } from "./load";

let cached: Config | undefined;

/** The validated configuration of this process; throws a message naming the bad variable. */
export function config(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}
export type { Config };
