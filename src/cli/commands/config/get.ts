import { Option, type Command } from "commander";

import type { CommandContext } from "../../context.js";
import { CliError } from "../../errors.js";
import { EXIT_CODES } from "../../exit-codes.js";
import type { CommandResult } from "../../output/render.js";
import { SETTINGS, type SettingKey } from "../../settings.js";
import type { CommandRunner } from "../pat/index.js";
import { effectiveSetting } from "./effective.js";
import { parseKey, requireSelectedProfile } from "./options.js";

/** Prints the value that commands would use for `key`, and with `showSource` where it came from. */
export async function runGet(context: CommandContext, key: SettingKey, showSource: boolean): Promise<CommandResult> {
  requireSelectedProfile(context);

  const setting = effectiveSetting(context, key);
  if (setting === undefined) {
    const profile = context.activeProfile();
    throw new CliError(
      `${key} is not set by ${SETTINGS[key].flag}, ${SETTINGS[key].env} or profile '${profile.name}'; ` +
        `set it with 'taskurai config set ${key} VALUE${profile.source === "default" ? "" : ` --profile ${profile.name}`}'`,
      EXIT_CODES.notFound,
    );
  }

  if (!showSource) return { data: { key, value: setting.value }, human: async () => setting.value };
  return { data: setting, human: async () => `${setting.value}\tfrom ${setting.origin}` };
}

export function registerGet(config: Command, run: CommandRunner): void {
  config
    .command("get")
    .description("Print the value a setting has for this invocation")
    .argument("<key>", "endpoint, audience, tenant, output or auth")
    .addOption(new Option("--show-source", "also print where the value came from: flag, environment variable, profile or built-in default"))
    .addHelpText(
      "after",
      `
Examples:
  taskurai config get endpoint
  taskurai config get endpoint --show-source --profile local
`,
    )
    .action(async (key: string, options: { showSource?: boolean }) =>
      run((context) => runGet(context, parseKey(key), options.showSource === true)),
    );
}
