import { open, unlink, type FileHandle } from "node:fs/promises";
import { resolve } from "node:path";

import type { PatWithToken } from "../../../contract/schemas.js";
import type { ApiClient } from "../../../client/api-client.js";
import type { CommandContext } from "../../context.js";
import { CliError, UsageError } from "../../errors.js";
import type { CommandResult } from "../../output/render.js";
import { tokenSummary } from "../../output/tables.js";

/** Flags of create and update that decide where the token value goes. */
export interface TokenDestination {
  /** Path of a new file to write the value to instead of printing it. */
  tokenFile?: string;
}

const TOKEN_FILE_PROBLEMS: Record<string, string> = {
  EEXIST: "the path already exists; pass a new file path or remove the existing file",
  ENOENT: "its folder does not exist; create the folder first or pass another path",
  EACCES: "permission denied; pass a path in a folder you can write to",
  ENOTDIR: "part of the path is not a folder; pass another path",
};

async function createTokenFile(path: string): Promise<FileHandle> {
  try {
    // `wx` fails when the file exists, so a token never overwrites another file.
    return await open(path, "wx", 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = TOKEN_FILE_PROBLEMS[code ?? ""] ?? (error as Error).message;
    throw new UsageError(`cannot create --token-file '${path}': ${reason}`, { cause: error });
  }
}

/**
 * Runs a request that issues a token value (create or update) and builds its result. With
 * `--token-file`, the file is created before the request, so a bad path fails before a token
 * exists, and the value goes to the file instead of stdout.
 */
export async function issueToken(
  context: CommandContext,
  destination: TokenDestination,
  request: (client: ApiClient) => Promise<PatWithToken>,
): Promise<CommandResult> {
  if (destination.tokenFile === undefined) {
    if (context.outputFormat() === "none") {
      throw new UsageError("--output none would discard the new token value; pass --token-file PATH to save it, or choose another --output");
    }
    const pat = await request(await context.client());
    return tokenResult(context, pat);
  }

  const path = resolve(destination.tokenFile);
  const file = await createTokenFile(path);
  let pat: PatWithToken;
  try {
    pat = await request(await context.client());
  } catch (error) {
    await file.close();
    await unlink(path);
    throw error;
  }

  try {
    await file.writeFile(`${pat.token}\n`, "utf8");
  } catch (error) {
    throw new CliError(
      `token '${pat.name}' was issued but writing it to '${path}' failed (${(error as Error).message}); run 'taskurai pat update --name ${pat.name}' to issue a new value`,
      undefined,
      { cause: error },
    );
  } finally {
    await file.close();
  }
  return tokenFileResult(context, pat, path);
}

/** Result of create and update: a summary with the value on its own line, and the one-time notice. */
export function tokenResult(context: CommandContext, pat: PatWithToken): CommandResult {
  const now = context.now();
  return {
    data: pat,
    human: async (colors) => tokenSummary(pat, now, colors),
    notices: ["Copy the token now: it will not be shown again."],
    lostOutputAdvice: `the token '${pat.name}' exists but its value was not shown; run 'taskurai pat update --name ${pat.name}' to issue a new value`,
    secret: pat.token,
  };
}

function tokenFileResult(context: CommandContext, pat: PatWithToken, path: string): CommandResult {
  const now = context.now();
  const { token: _token, ...metadata } = pat;
  return {
    data: { ...metadata, tokenFile: path },
    human: async (colors) => tokenSummary(metadata, now, colors, path),
    notices: [`The token was written to ${path} (readable by you only); it will not be shown again.`],
  };
}
