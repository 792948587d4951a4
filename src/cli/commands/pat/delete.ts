import type { Command } from "commander";

import type { CommandContext } from "../../context.js";
import { toCliError } from "../../error-map.js";
import { UsageError } from "../../errors.js";
import { EXIT_CODES } from "../../exit-codes.js";
import type { CommandResult } from "../../output/render.js";
import type { CommandRunner } from "./index.js";
import { collect, validateName } from "./options.js";

/** Outcome of deleting one token, as `--output json` prints it. */
export interface DeleteOutcome {
  name: string;
  deleted: boolean;
  error?: string;
}

/** Validates the names given with `--name`. */
export function parseDeleteNames(raw: { name?: string[] }): string[] {
  if (raw.name === undefined || raw.name.length === 0) {
    throw new UsageError(
      "missing required option --name: pass the name of the token to delete; repeat --name to delete several",
    );
  }
  return [...new Set(raw.name.map(validateName))];
}

/** Deletes tokens one by one, revoking each at once; a single failure is an error, several report per token. */
export async function runDelete(context: CommandContext, names: string[]): Promise<CommandResult> {
  const client = await context.client();
  const outcomes: DeleteOutcome[] = [];
  let firstError: ReturnType<typeof toCliError> | undefined;

  for (const name of names) {
    try {
      await client.deletePat(name);
      outcomes.push({ name, deleted: true });
    } catch (error) {
      const cliError = toCliError(error);
      if (names.length === 1) throw cliError;
      firstError ??= cliError;
      outcomes.push({ name, deleted: false, error: cliError.message });
    }
  }

  const failed = outcomes.filter((outcome) => !outcome.deleted).length;
  const result: CommandResult = {
    data: outcomes,
    human: async () => outcomes.map((o) => (o.deleted ? `Deleted token '${o.name}'.` : `Failed to delete '${o.name}': ${o.error}`)).join("\n"),
  };
  if (failed > 0) {
    result.exitCode = failed === outcomes.length ? (firstError?.exitCode ?? EXIT_CODES.error) : EXIT_CODES.partial;
    result.notices = [`taskurai: ${failed} of ${outcomes.length} tokens could not be deleted`];
  }
  return result;
}

export function registerDelete(pat: Command, run: CommandRunner): void {
  pat
    .command("delete")
    .description("Delete tokens; access with them is revoked immediately and permanently")
    .option("--name <name>", "name of a token to delete; repeatable", collect)
    .addHelpText(
      "after",
      `
Examples:
  taskurai pat delete --name mytoken
  taskurai pat delete --name old-ci --name old-laptop --output json
`,
    )
    .action(async (raw: { name?: string[] }) => run((context) => runDelete(context, parseDeleteNames(raw))));
}
