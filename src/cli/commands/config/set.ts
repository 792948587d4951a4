import type { Command } from "commander";

import type { CommandContext } from "../../context.js";
import { UsageError } from "../../errors.js";
import { configValueProblem, normalizeConfigValue } from "../../config/keys.js";
import { selectProfile } from "../../config/profile.js";
import { updateConfig } from "../../config/store.js";
import type { CommandResult } from "../../output/render.js";
import { SETTINGS, type SettingKey } from "../../settings.js";
import type { CommandRunner } from "../pat/index.js";
import { parseKey } from "./options.js";

/** Validates `value` and stores it under `key` in the selected profile, creating the file and profile as needed. */
export async function runSet(context: CommandContext, key: SettingKey, rawValue: string): Promise<CommandResult> {
  const value = normalizeConfigValue(key, rawValue);
  const problem = configValueProblem(key, value);
  if (problem !== undefined) throw new UsageError(`invalid ${key} '${rawValue}': ${problem}`);

  const profile = selectProfile(context.flags, context.env).name;
  const { path } = await updateConfig(context.env, (document) => {
    document.set(profile, key, value);
    return true;
  });

  const notices: string[] = [];
  const variable = SETTINGS[key].env;
  if (context.env[variable]?.trim()) {
    notices.push(`note: ${variable} is set in the environment and takes precedence over the value in the profile`);
  }
  return {
    data: { profile, key, value, file: path },
    human: async () => `Set ${key} to ${value} in profile '${profile}' (${path})`,
    notices,
  };
}

export function registerSet(config: Command, run: CommandRunner): void {
  config
    .command("set")
    .description("Save a setting in a profile (the default profile unless --profile names another)")
    .argument("<key>", "endpoint, audience, tenant, output or auth")
    .argument("<value>", "the value; it is checked before it is saved")
    .addHelpText(
      "after",
      `
Examples:
  taskurai config set endpoint https://taskurai.example.com
  taskurai config set endpoint http://127.0.0.1:8787 --profile local
  taskurai config set output table
`,
    )
    .action(async (key: string, value: string) => run((context) => runSet(context, parseKey(key), value)));
}
