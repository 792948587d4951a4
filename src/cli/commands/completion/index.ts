import { Argument, type Command } from "commander";

import { readConfig } from "../../config/store.js";
import { createContext } from "../../context.js";
import type { Io } from "../../io.js";
import { resolveEndpoint, type GlobalFlags } from "../../settings.js";
import { completionFor, matching, type Source } from "./candidates.js";
import { completionScript, FILES_DIRECTIVE, SHELLS, type Shell } from "./scripts.js";

/** Bound on the wait for the token-name response, so a tab press does not hang on a stalled endpoint. */
const TOKEN_NAMES_TIMEOUT_MS = 2000;

/**
 * Fetches the signed-in user's token names for completion. Any failure (no endpoint, not
 * signed in, unreachable, timed out) yields no names and no message.
 */
async function tokenNames(io: Io, env: NodeJS.ProcessEnv, flags: GlobalFlags): Promise<string[]> {
  try {
    const context = createContext(io, env, flags);
    const endpoint = resolveEndpoint(context.layers).value;
    // NOTE: a credential that signs in interactively would block here; the access-token
    // credential fails at once when no token is set.
    const bearer = (await context.credential().getToken()).token;
    const { ApiClient } = await import("../../../client/api-client.js");
    const client = new ApiClient({ endpoint, getBearer: async () => bearer, timeoutMs: TOKEN_NAMES_TIMEOUT_MS });
    return (await client.listPats()).map((pat) => pat.name);
  } catch {
    return [];
  }
}

/** Returns the profile names of the configuration file; an unreadable or invalid file yields none. */
function profileNames(env: NodeJS.ProcessEnv): string[] {
  try {
    return readConfig(env).document.profiles();
  } catch {
    return [];
  }
}

async function candidatesOf(source: Exclude<Source, { kind: "files" }>, io: Io, env: NodeJS.ProcessEnv, flags: GlobalFlags): Promise<readonly string[]> {
  switch (source.kind) {
    case "words":
      return source.words;
    case "token-names":
      return tokenNames(io, env, flags);
    case "profile-names":
      return profileNames(env);
  }
}

/** Adds `completion <shell>` and the hidden `__complete` command its scripts call. */
export function registerCompletion(program: Command, io: Io, env: NodeJS.ProcessEnv): void {
  program
    .command("completion")
    .description("Print a shell completion script for commands, flags, scope names and token names")
    .addArgument(new Argument("<shell>", "shell to complete in").choices(SHELLS))
    .addHelpText(
      "after",
      `
Examples:
  source <(taskurai completion bash)                                  # bash, this shell
  echo 'source <(taskurai completion bash)' >> ~/.bashrc              # bash, every shell
  taskurai completion zsh > "\${fpath[1]}/_taskurai"                   # zsh
  taskurai completion fish > ~/.config/fish/completions/taskurai.fish  # fish
  taskurai completion powershell | Out-String | Invoke-Expression     # PowerShell

Token names are completed by listing your tokens, so they need an endpoint and a sign-in.
`,
    )
    .action((shell: Shell) => {
      io.stdout.write(completionScript(shell));
    });

  program
    .command("__complete", { hidden: true })
    .description("print completion candidates, one per line, for the completion scripts")
    .option("--current <word>", "the word being completed", "")
    .argument("[words...]", "the words before it, after the program name")
    .helpOption(false)
    .action(async (words: string[], options: { current: string }) => {
      const { source, typed, prefix } = completionFor(program, words, options.current);
      if (source.kind === "files") {
        io.stdout.write(`${FILES_DIRECTIVE}\n`);
        return;
      }
      const candidates = await candidatesOf(source, io, env, program.opts<GlobalFlags>());
      const ignoreCase = source.kind === "words" && source.ignoreCase === true;
      const lines = matching(candidates, typed, ignoreCase).map((candidate) => prefix + candidate);
      if (lines.length > 0) io.stdout.write(`${lines.join("\n")}\n`);
    });
}
