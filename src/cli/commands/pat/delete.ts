import type { Command } from "commander";

import type { Pat } from "../../../contract/schemas.js";
import type { ApiClient } from "../../../client/api-client.js";
import type { CommandContext } from "../../context.js";
import { toCliError } from "../../error-map.js";
import { UsageError, type CliError } from "../../errors.js";
import { EXIT_CODES } from "../../exit-codes.js";
import type { CommandResult } from "../../output/render.js";
import { createPrompter, requirePrompt, type Prompter } from "../../prompts/prompter.js";
import { isExpired, sortPats } from "./filters.js";
import type { CommandRunner } from "./index.js";
import { collect, validateName } from "./options.js";
import { deleteChoices } from "./delete-choices.js";

/** Outcome of deleting one token, as `--output json` prints it. */
export interface DeleteOutcome {
  name: string;
  deleted: boolean;
  error?: string;
}

/** Token selection of `pat delete`: by name, every expired token, or a pick from a list on the terminal. */
export interface DeleteOptions {
  names: string[];
  expired: boolean;
  /** Skips the confirmation of `--expired` and of the interactive list. */
  yes: boolean;
}

const MISSING_NAME =
  "missing required option --name: pass the name of the token to delete; repeat --name to delete several, or use --expired";

const EXPIRED_WITHOUT_YES =
  "--expired asks for confirmation and there is no terminal to ask on: pass --yes to delete every expired token without a prompt";

/** Validates the raw flags of `pat delete`. */
export function parseDeleteOptions(raw: { name?: string[]; expired?: boolean; yes?: boolean }): DeleteOptions {
  const names = [...new Set((raw.name ?? []).map(validateName))];
  const expired = raw.expired === true;
  if (expired && names.length > 0) {
    throw new UsageError("--name and --expired cannot be combined: pass either the names to delete or --expired");
  }
  return { names, expired, yes: raw.yes === true };
}

/** Deletes the tokens `options` selects; see `DeleteOptions`. */
export async function runDelete(context: CommandContext, options: DeleteOptions): Promise<CommandResult> {
  if (options.names.length > 0) return deleteNames(context, await context.client(), options.names);

  if (!options.expired) requirePrompt(context.io, MISSING_NAME);
  else if (!options.yes) requirePrompt(context.io, EXPIRED_WITHOUT_YES);

  const client = await context.client();
  const prompter = context.io.canPrompt ? createPrompter(context.io) : undefined;
  const pats = sortPats(await client.listPats(), "name");
  const names = options.expired
    ? pats.filter((pat) => isExpired(pat, context.now())).map((pat) => pat.name)
    : await selectNames(context, prompter as Prompter, pats);

  if (names.length === 0) {
    if (options.expired) return nothingDeleted("No expired tokens; nothing was deleted.");
    return nothingDeleted(pats.length === 0 ? "You have no tokens; nothing was deleted." : "No tokens selected; nothing was deleted.");
  }
  if (!options.yes && !(await confirmDelete(prompter as Prompter, names))) return nothingDeleted("Nothing was deleted.");

  return deleteNames(context, client, names);
}

async function selectNames(context: CommandContext, prompter: Prompter, pats: Pat[]): Promise<string[]> {
  if (pats.length === 0) return [];
  return prompter.checkbox("Tokens to delete (space to select, enter to confirm):", deleteChoices(pats, context.now()));
}

async function confirmDelete(prompter: Prompter, names: string[]): Promise<boolean> {
  const target = names.length === 1 ? `token '${names[0]}'` : `${names.length} tokens`;
  return prompter.confirm(`Delete ${target}? Access with ${names.length === 1 ? "it" : "them"} is revoked immediately and permanently.`, false);
}

function nothingDeleted(notice: string): CommandResult {
  return { data: [], human: async () => "", notices: [notice] };
}

/** Deletes tokens one by one, revoking each at once; a single failure is an error, several report per token. */
async function deleteNames(context: CommandContext, client: ApiClient, names: string[]): Promise<CommandResult> {
  const outcomes: DeleteOutcome[] = [];
  let firstError: CliError | undefined;
  const progress = progressLine(context, names.length);

  for (const [index, name] of names.entries()) {
    progress.show(index, name);
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
  progress.clear();

  const failed = outcomes.filter((outcome) => !outcome.deleted).length;
  const result: CommandResult = {
    data: outcomes,
    human: async (colors) =>
      outcomes
        .map((o) => (o.deleted ? `${colors.green("Deleted")} token '${o.name}'.` : `${colors.red("Failed")} to delete '${o.name}': ${o.error}`))
        .join("\n"),
  };
  if (failed > 0) {
    result.exitCode = failed === outcomes.length ? (firstError?.exitCode ?? EXIT_CODES.error) : EXIT_CODES.partial;
    result.errors = [`taskurai: ${failed} of ${outcomes.length} tokens could not be deleted`];
  }
  return result;
}

/** Creates a progress line on stderr, redrawn in place, that shows only on a terminal and for more than one token. */
function progressLine(context: CommandContext, total: number): { show(index: number, name: string): void; clear(): void } {
  const stderr = context.io.stderr;
  const enabled = total > 1 && stderr.isTTY === true && context.flags.onlyShowErrors !== true;
  if (!enabled) return { show: () => undefined, clear: () => undefined };

  return {
    show: (index, name) => stderr.write(`\r\u001b[2KDeleting ${index + 1} of ${total}: ${name}`),
    clear: () => stderr.write("\r\u001b[2K"),
  };
}

export function registerDelete(pat: Command, run: CommandRunner): void {
  pat
    .command("delete")
    .description("Delete tokens; access with them is revoked immediately and permanently")
    .option("--name <name>", "name of a token to delete; repeatable (without it, a terminal shows a list to pick from)", collect)
    .option("--expired", "delete every expired token, after a confirmation")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText(
      "after",
      `
With --name, tokens are deleted without a prompt. Without --name, on a terminal, the command
lists your tokens to pick from and asks for confirmation. Exit code 6 means some tokens were
deleted and others were not.

Examples:
  taskurai pat delete --name mytoken
  taskurai pat delete                                  # pick tokens from a list
  taskurai pat delete --name old-ci --name old-laptop --output json
  taskurai pat delete --expired --yes
`,
    )
    .action(async (raw: { name?: string[]; expired?: boolean; yes?: boolean }) =>
      run((context) => runDelete(context, parseDeleteOptions(raw))),
    );
}
