import type { CommandContext } from "../context.js";
import type { ExitCode } from "../exit-codes.js";

/** What a command returns: the data for machine formats and, optionally, a human view of it. */
export interface CommandResult {
  /** Serialised as it is for `--output json`. */
  data: unknown;
  /** Text for `--output table`; when absent, table output falls back to JSON. */
  human?: () => Promise<string>;
  /** Lines for stderr written after the result, such as the one-time token notice. */
  notices?: string[];
  /** Exit code when the command finished but not everything succeeded; 0 when absent. */
  exitCode?: ExitCode;
}

/** Writes a command's result to stdout in the chosen format and its notices to stderr. */
export async function writeResult(context: CommandContext, result: CommandResult): Promise<void> {
  const format = context.outputFormat();
  const { stdout, stderr } = context.io;

  if (format === "table" && result.human !== undefined) {
    const text = await result.human();
    if (text !== "") stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  } else {
    stdout.write(`${JSON.stringify(result.data, null, 2)}\n`);
  }

  for (const notice of result.notices ?? []) stderr.write(`${notice}\n`);
}
