import type { Command } from "commander";

import { patNameProblem, DEFAULT_VALID_MINUTES } from "../../../contract/rules.js";
import { SCOPES, WILDCARD_SCOPES } from "../../../contract/scopes.js";
import type { CommandContext } from "../../context.js";
import { UsageError } from "../../errors.js";
import type { CommandResult } from "../../output/render.js";
import { createPrompter, type Prompter } from "../../prompts/prompter.js";
import type { CommandRunner } from "./index.js";
import { collect, parseScopes, parseValidMinutes, scopesHelp, validateName } from "./options.js";
import { issueToken, type TokenDestination } from "./token-result.js";

export interface CreateOptions extends TokenDestination {
  name: string;
  validMinutes?: number;
  scopes: string[];
}

interface RawCreateFlags {
  name?: string;
  validMinutes?: string;
  scopes?: string[];
  tokenFile?: string;
}

const MISSING_NAME = "missing required option --name: pass a name for the token, for example --name mytoken";
const MISSING_SCOPES = `missing required option --scopes: pass at least one scope, for example --scopes "Taskurai.Task.*"`;

/** Validates the raw flags of `pat create`; a missing name or scope list is a usage error. */
export function parseCreateOptions(raw: RawCreateFlags): CreateOptions {
  if (raw.name === undefined) throw new UsageError(MISSING_NAME);
  if (raw.scopes === undefined || raw.scopes.length === 0) throw new UsageError(MISSING_SCOPES);
  return {
    name: validateName(raw.name),
    validMinutes: parseValidMinutes(raw.validMinutes),
    scopes: parseScopes(raw.scopes),
    tokenFile: raw.tokenFile,
  };
}

/**
 * Validates the flags of `pat create` and, on a terminal, prompts for a missing name or scope
 * list. Without a terminal, a missing value is a usage error naming the flag.
 */
export async function resolveCreateOptions(context: CommandContext, raw: RawCreateFlags): Promise<CreateOptions> {
  const canPrompt = context.io.canPrompt;
  const missingName = raw.name === undefined;
  const missingScopes = raw.scopes === undefined || raw.scopes.length === 0;
  if (!canPrompt || (!missingName && !missingScopes)) return parseCreateOptions(raw);

  const validMinutes = parseValidMinutes(raw.validMinutes);
  const givenScopes = missingScopes ? undefined : parseScopes(raw.scopes ?? []);
  const prompter = createPrompter(context.io);

  const name = missingName ? await promptName(context, prompter) : validateName(raw.name as string);
  const scopes =
    givenScopes ??
    (await prompter.checkbox(
      "Scopes the token grants (space to select, enter to confirm):",
      [...WILDCARD_SCOPES, ...SCOPES].map((scope) => ({ value: scope.name, name: scope.name, description: scope.description })),
      { required: true },
    ));
  return { name, validMinutes, scopes, tokenFile: raw.tokenFile };
}

/** Asks for a token name, rejecting at the prompt a name that breaks the rule or is already taken. */
async function promptName(context: CommandContext, prompter: Prompter): Promise<string> {
  const client = await context.client();
  const takenNames = new Set((await client.listPats()).map((pat) => pat.name));

  return prompter.input("Token name:", (value) => {
    if (takenNames.has(value)) return `a token named '${value}' already exists; pick another name, or run 'taskurai pat update --name ${value}' for a new value`;
    return patNameProblem(value);
  });
}

/** Creates a token and returns it with its one-time value. */
export async function runCreate(context: CommandContext, options: CreateOptions): Promise<CommandResult> {
  return issueToken(context, options, (client) =>
    client.createPat({ name: options.name, validMinutes: options.validMinutes, scopes: options.scopes }),
  );
}

export function registerCreate(pat: Command, run: CommandRunner): void {
  pat
    .command("create")
    .description("Create a personal access token and print its value once")
    .option("--name <name>", "token name: 1 to 64 letters, digits, '.', '_' or '-' (prompted on a terminal when missing)")
    .option("--valid-minutes <minutes>", `minutes until the token expires (default ${DEFAULT_VALID_MINUTES}, 30 days)`)
    .option("--scopes <scope>", "scope the token grants; repeatable (chosen from a list on a terminal when missing)", collect)
    .option("--token-file <path>", "write the token to this new file (mode 0600) instead of printing it")
    .addHelpText(
      "after",
      `${scopesHelp()}
Examples:
  taskurai pat create --name mytoken --valid-minutes 43200 --scopes "Taskurai.Task.*" --scopes "Taskurai.Log.*"
  taskurai pat create                                  # prompts for the name and the scopes
  taskurai pat create --name ci-reader --scopes Taskurai.Task.Read --query token --output tsv
  taskurai pat create --name deploy --scopes Taskurai.Task.Create --token-file ./deploy.pat
`,
    )
    .action(async (raw: RawCreateFlags) => run(async (context) => runCreate(context, await resolveCreateOptions(context, raw))));
}
