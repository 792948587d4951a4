import type { CommandContext } from "../../context.js";
import { UsageError } from "../../errors.js";
import { configKeyProblem, isConfigKey } from "../../config/keys.js";
import { requireNamedProfile, selectProfile } from "../../config/profile.js";
import type { SettingKey } from "../../settings.js";

/** Checks a key argument of a `config` command; an unknown or secret-looking key is a usage error. */
export function parseKey(key: string): SettingKey {
  if (isConfigKey(key)) return key;
  throw new UsageError(configKeyProblem(key) ?? `unknown configuration key '${key}'`);
}

/**
 * Throws a usage error when `--profile` or `TASKURAI_PROFILE` names a profile that the
 * configuration file does not contain. The file is not read when neither names one.
 */
export function requireSelectedProfile(context: CommandContext): void {
  if (selectProfile(context.flags, context.env).source === "default") return;
  requireNamedProfile(context.activeProfile());
}
