import type { Command } from "commander";

import { CONFIG_KEYS, KEY_HELP } from "../../config/keys.js";
import { SETTINGS } from "../../settings.js";
import type { CommandRunner } from "../pat/index.js";
import { registerGet } from "./get.js";
import { registerConfigList } from "./list.js";
import { registerSet } from "./set.js";
import { registerUnset } from "./unset.js";

/** Adds the `config` command group and its verbs. */
export function registerConfig(program: Command, run: CommandRunner): void {
  const keys = CONFIG_KEYS.map((key) => `  ${key.padEnd(9)} ${KEY_HELP[key].about} (${SETTINGS[key].flag}, ${SETTINGS[key].env})`);
  const config = program
    .command("config")
    .description("Save settings such as the endpoint in named profiles")
    .addHelpText(
      "after",
      `
Keys:
${keys.join("\n")}

A flag wins over its environment variable, which wins over the profile, which wins over the built-in default.
The profile is 'default' unless --profile or TASKURAI_PROFILE names another.

Examples:
  taskurai config set endpoint http://127.0.0.1:8787 --profile local
  taskurai config get endpoint --show-source
  taskurai config list
`,
    );

  registerSet(config, run);
  registerGet(config, run);
  registerUnset(config, run);
  registerConfigList(config, run);
}
