import type { Command } from "commander";

import type { CommandContext } from "../../context.js";
import type { CommandResult } from "../../output/render.js";
import type { CommandRunner } from "./index.js";
import { patDetails } from "../../output/tables.js";
import { requireName } from "./options.js";

/** Fetches one token's metadata; the value itself is never returned after create or update. */
export async function runShow(context: CommandContext, name: string): Promise<CommandResult> {
  const client = await context.client();
  const pat = await client.getPat(name);
  const now = context.now();
  return { data: pat, human: async (colors) => patDetails(pat, now, colors) };
}

export function registerShow(pat: Command, run: CommandRunner): void {
  pat
    .command("show")
    .description("Show a token's properties (never its value)")
    .option("--name <name>", "name of the token to show")
    .addHelpText(
      "after",
      `
Examples:
  taskurai pat show --name mytoken
  taskurai pat show --name mytoken --output json
  taskurai pat show --name mytoken --query expiresAt --output tsv
`,
    )
    .action(async (raw: { name?: string }) => run((context) => runShow(context, requireName(raw.name, "show"))));
}
