import { Argument, type Command } from "commander";

import { createContext } from "../../context.js";
import type { Io } from "../../io.js";
import { resolveEndpoint, type GlobalFlags } from "../../settings.js";
import { completionFor, matching } from "./candidates.js";
import { completionScript, SHELLS, type Shell } from "./scripts.js";

/** Upper bound on the token-name request, so a tab press never hangs on an unreachable endpoint. */
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
      const completion = completionFor(program, words, options.current);
      const candidates =
        completion.kind === "words" ? completion.words : await tokenNames(io, env, program.opts<GlobalFlags>());
      const lines = matching(candidates, options.current);
      if (lines.length > 0) io.stdout.write(`${lines.join("\n")}\n`);
    });
}
