import type { Command } from "commander";

import type { CommandContext } from "../../context.js";
import type { CommandResult } from "../../output/render.js";
import type { CommandRunner } from "./index.js";
import { collect, parseScopes, parseValidMinutes, requireName, scopesHelp } from "./options.js";
import { issueToken, type TokenDestination } from "./token-result.js";

export interface UpdateOptions extends TokenDestination {
  name: string;
  validMinutes?: number;
  scopes?: string[];
}

/** Validates the raw flags of `pat update`. */
export function parseUpdateOptions(raw: { name?: string; validMinutes?: string; scopes?: string[]; tokenFile?: string }): UpdateOptions {
  return {
    tokenFile: raw.tokenFile,
    name: requireName(raw.name, "update"),
    validMinutes: parseValidMinutes(raw.validMinutes),
    scopes: raw.scopes === undefined ? undefined : parseScopes(raw.scopes),
  };
}

/** Issues a new value for a token; the previous value stops working at once. */
export async function runUpdate(context: CommandContext, options: UpdateOptions): Promise<CommandResult> {
  return issueToken(context, options, (client) =>
    client.updatePat(options.name, { validMinutes: options.validMinutes, scopes: options.scopes }),
  );
}

export function registerUpdate(pat: Command, run: CommandRunner): void {
  pat
    .command("update")
    .description("Issue a new value for a token, restarting its validity; the old value stops working at once")
    .option("--name <name>", "name of the token to update")
    .option("--valid-minutes <minutes>", "minutes from now until the new value expires (default 43200, 30 days)")
    .option("--scopes <scope>", "replace the token's scopes; repeatable", collect)
    .option("--token-file <path>", "write the new token to this new file (mode 0600) instead of printing it")
    .addHelpText(
      "after",
      `${scopesHelp()}
Examples:
  taskurai pat update --name mytoken --valid-minutes 2500
  taskurai pat update --name mytoken --scopes Taskurai.Task.Read --output json
  export TASKURAI_PAT=$(taskurai pat update --name mytoken --query token --output tsv)
  taskurai pat update --name deploy --token-file ./deploy.pat
`,
    )
    .action(async (raw) => run((context) => runUpdate(context, parseUpdateOptions(raw))));
}
