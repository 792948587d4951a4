import type { Command } from "commander";

import { DEFAULT_VALID_MINUTES } from "../../../contract/rules.js";
import type { CommandContext } from "../../context.js";
import { UsageError } from "../../errors.js";
import type { CommandResult } from "../../output/render.js";
import type { CommandRunner } from "./index.js";
import { collect, parseScopes, parseValidMinutes, requireName, scopesHelp } from "./options.js";
import { tokenResult } from "./token-result.js";

export interface CreateOptions {
  name: string;
  validMinutes?: number;
  scopes: string[];
}

/** Validates the raw flags of `pat create`. */
export function parseCreateOptions(raw: { name?: string; validMinutes?: string; scopes?: string[] }): CreateOptions {
  const name = requireName(raw.name, "create");
  const validMinutes = parseValidMinutes(raw.validMinutes);
  if (raw.scopes === undefined || raw.scopes.length === 0) {
    throw new UsageError(`missing required option --scopes: pass at least one scope, for example --scopes "Taskurai.Task.*"`);
  }
  return { name, validMinutes, scopes: parseScopes(raw.scopes) };
}

/** Creates a token and returns it with its one-time value. */
export async function runCreate(context: CommandContext, options: CreateOptions): Promise<CommandResult> {
  const client = await context.client();
  const pat = await client.createPat({ name: options.name, validMinutes: options.validMinutes, scopes: options.scopes });
  return tokenResult(context, pat);
}

export function registerCreate(pat: Command, run: CommandRunner): void {
  pat
    .command("create")
    .description("Create a personal access token and print its value once")
    .option("--name <name>", "token name: 1 to 64 letters, digits, '.', '_' or '-'")
    .option("--valid-minutes <minutes>", `minutes until the token expires (default ${DEFAULT_VALID_MINUTES}, 30 days)`)
    .option("--scopes <scope>", "scope the token grants; repeatable", collect)
    .addHelpText(
      "after",
      `${scopesHelp()}
Examples:
  taskurai pat create --name mytoken --valid-minutes 43200 --scopes "Taskurai.Task.*" --scopes "Taskurai.Log.*"
  taskurai pat create --name ci-reader --scopes Taskurai.Task.Read --output json
`,
    )
    .action(async (raw) => run((context) => runCreate(context, parseCreateOptions(raw))));
}
