import "server-only";
import { loadConfig, type Config } from "./load";

let cached: Config | undefined;

/** The validated configuration of this process; throws a message naming the bad variable. */
export function config(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}

/** Reads the environment again: for tests that change it. */
export function reloadConfig(): Config {
  cached = undefined;
  return config();
}
export type { Config };
