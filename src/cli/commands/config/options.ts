import { UsageError } from "../../errors.js";
import { configKeyProblem, isConfigKey } from "../../config/keys.js";
import type { SettingKey } from "../../settings.js";

/** Checks a key argument of a `config` command; an unknown or secret-looking key is a usage error. */
export function parseKey(key: string): SettingKey {
  if (isConfigKey(key)) return key;
  throw new UsageError(configKeyProblem(key) ?? `unknown configuration key '${key}'`);
}
