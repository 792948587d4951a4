import type { Command } from "commander";

import type { CommandContext } from "../../context.js";
import { selectProfile } from "../../config/profile.js";
import { updateConfig } from "../../config/store.js";
import type { CommandResult } from "../../output/render.js";
import type { SettingKey } from "../../settings.js";
import type { CommandRunner } from "../pat/index.js";
import { parseKey } from "./options.js";

/** Removes `key` from the selected profile; succeeds, with `removed: false`, when it was not set. */
export async function runUnset(context: CommandContext, key: SettingKey): Promise<CommandResult> {
  const profile = selectProfile(context.flags, context.env).name;
  const { path, changed: removed } = await updateConfig(context.env, (document) => document.unset(profile, key));

  return {
    data: { profile, key, removed, file: path },
    human: async () =>
      removed ? `Removed ${key} from profile '${profile}' (${path})` : `${key} was not set in profile '${profile}'`,
  };
}

export function registerUnset(config: Command, run: CommandRunner): void {
  config
    .command("unset")
    .description("Remove a setting from a profile; a profile left empty is removed too")
    .argument("<key>", "endpoint, audience, tenant, output or auth")
    .addHelpText(
      "after",
      `
Examples:
  taskurai config unset output
  taskurai config unset endpoint --profile local
`,
    )
    .action(async (key: string) => run((context) => runUnset(context, parseKey(key))));
}
