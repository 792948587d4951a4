import type { Command } from "commander";

import { AuthRecordStore } from "../../auth/auth-record.js";
import { TokenCache } from "../../auth/token-cache.js";
import type { CommandContext } from "../../context.js";
import type { CommandResult } from "../../output/render.js";
import { cacheDir, configDir } from "../../paths.js";
import type { CommandRunner } from "../pat/index.js";

/** Files `auth logout` removed; a file that did not exist is reported as false. */
export interface LogoutResult {
  tokenCache: { file: string; removed: boolean };
  authRecord: { file: string; removed: boolean };
}

/** Deletes the CLI's access-token cache and the saved authentication record. */
export async function runLogout(context: CommandContext): Promise<CommandResult> {
  const cache = TokenCache.in(cacheDir(context.env));
  const records = AuthRecordStore.in(configDir(context.env));
  // The record goes first, so a cache that cannot be deleted still leaves no saved sign-in behind.
  const authRecord = { file: records.file, removed: records.clear() };
  const result: LogoutResult = { tokenCache: { file: cache.file, removed: cache.clear() }, authRecord };

  const describe = (label: string, entry: { file: string; removed: boolean }) =>
    `${entry.removed ? "Removed" : "No"} ${label}${entry.removed ? "" : " to remove"} (${entry.file})`;
  return {
    data: result,
    human: async () =>
      [
        describe("token cache", result.tokenCache),
        describe("authentication record", result.authRecord),
        "The Azure CLI, Azure PowerShell and VS Code keep their own sign-in: use 'az logout' or 'Disconnect-AzAccount' to end it.",
      ].join("\n"),
  };
}

export function registerLogout(auth: Command, run: CommandRunner): void {
  auth
    .command("logout")
    .description("Delete the CLI's token cache and saved sign-in record")
    .addHelpText(
      "after",
      `
Examples:
  taskurai auth logout
`,
    )
    .action(async () => run((context) => runLogout(context)));
}
