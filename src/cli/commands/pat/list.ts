import type { Command } from "commander";

import type { CommandContext } from "../../context.js";
import type { CommandResult } from "../../output/render.js";
import type { CommandRunner } from "./index.js";
import { patListTable } from "../../output/tables.js";

/** Lists every token of the signed-in user, sorted by name. */
export async function runList(context: CommandContext): Promise<CommandResult> {
  const client = await context.client();
  const pats = await client.listPats();
  pats.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { data: pats, human: async () => patListTable(pats, context.now()) };
}

export function registerList(pat: Command, run: CommandRunner): void {
  pat
    .command("list")
    .description("List your personal access tokens")
    .addHelpText(
      "after",
      `
Examples:
  taskurai pat list
  taskurai pat list --output json
`,
    )
    .action(async () => run((context) => runList(context)));
}
