import type { Command } from "commander";

import type { CommandContext } from "../../context.js";
import type { CommandResult } from "../../output/render.js";
import { registerCreate } from "./create.js";
import { registerDelete } from "./delete.js";
import { registerList } from "./list.js";
import { registerShow } from "./show.js";
import { registerUpdate } from "./update.js";

export type CommandRunner = (action: (context: CommandContext) => Promise<CommandResult>) => Promise<void>;

/** Adds the `pat` command group and its verbs. */
export function registerPat(program: Command, run: CommandRunner): void {
  const pat = program
    .command("pat")
    .description("Manage personal access tokens for the Taskurai API")
    .addHelpText(
      "after",
      `
Examples:
  taskurai pat create --name mytoken --valid-minutes 43200 --scopes "Taskurai.Task.*" --scopes "Taskurai.Log.*"
  taskurai pat list
  taskurai pat delete --name mytoken
`,
    );

  registerCreate(pat, run);
  registerUpdate(pat, run);
  registerShow(pat, run);
  registerList(pat, run);
  registerDelete(pat, run);
}
