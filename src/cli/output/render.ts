import type { CommandContext } from "../context.js";
import { CliError, OutputClosedError } from "../errors.js";
import type { ExitCode } from "../exit-codes.js";
import { palette, type Palette } from "./color.js";
import { renderGenericTable, renderJson, renderJsonc, renderTsv, renderYaml } from "./formats.js";
import { applyQuery, validateQuery } from "./query.js";

/** Result of a command: the data for machine formats and, optionally, a human view of it. */
export interface CommandResult {
  /** The result as machine formats print it; `--query` applies to it. */
  data: unknown;
  /** Text for `--output table` when no `--query` is given; without it, table output renders `data`. */
  human?: (colors: Palette) => Promise<string>;
  /** Informational lines for stderr after the result, such as the one-time token notice; `--only-show-errors` drops them. */
  notices?: string[];
  /** Error lines for stderr after the result, such as a partial-failure summary; always written. */
  errors?: string[];
  /** Exit code when the command finished but not everything succeeded; 0 when absent. */
  exitCode?: ExitCode;
  /** Advice shown when stdout cannot be written, for results that cannot be fetched again. */
  lostOutputAdvice?: string;
  /** Value shown only once, such as a new token; writing fails when the output would omit it. */
  secret?: string;
}

/**
 * Checks the output format and `--query` before a command runs, so a bad value fails before
 * any request is sent.
 */
export async function prepareOutput(context: CommandContext): Promise<void> {
  context.outputFormat();
  await validateQuery(context.flags.query);
}

/** Writes a command's result to stdout in the chosen format, then its notices and errors to stderr. */
export async function writeResult(context: CommandContext, result: CommandResult): Promise<void> {
  const text = await formatSecretResult(context, result);
  if (text !== "") await writeStdout(context, text.endsWith("\n") ? text : `${text}\n`, result.lostOutputAdvice);

  for (const notice of result.notices ?? []) writeNotice(context, notice);
  for (const line of result.errors ?? []) context.io.stderr.write(`${line}\n`);
}

/**
 * Formats a result and, for one that carries a secret shown only once, checks that the output
 * still contains it, because a `--query` may have selected other fields.
 */
async function formatSecretResult(context: CommandContext, result: CommandResult): Promise<string> {
  if (result.secret === undefined) return formatResult(context, result);

  let text: string;
  try {
    text = await formatResult(context, result);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(`${message}; ${result.lostOutputAdvice ?? "the result was not shown"}`, undefined, { cause: error });
  }
  if (!text.includes(result.secret)) {
    throw new CliError(`the output selected by --query does not include the token value; ${result.lostOutputAdvice ?? ""}`);
  }
  return text;
}

async function formatResult(context: CommandContext, result: CommandResult): Promise<string> {
  const format = context.outputFormat();
  const query = context.flags.query;
  if (format === "none") return "";

  const value = query === undefined ? result.data : await applyQuery(result.data, query);
  switch (format) {
    case "json":
      return renderJson(value);
    case "jsonc":
      return renderJsonc(value, palette(context.io.stdoutColor));
    case "yaml":
      return renderYaml(value);
    case "tsv":
      return renderTsv(value);
    case "table":
      if (query === undefined && result.human !== undefined) return result.human(palette(context.io.stdoutColor));
      return renderGenericTable(value);
  }
}

/** Writes an informational line or warning to stderr unless `--only-show-errors` is set. */
export function writeNotice(context: CommandContext, line: string): void {
  if (context.flags.onlyShowErrors === true) return;
  context.io.stderr.write(`${line}\n`);
}

/** Writes to stdout and waits for the write, turning a failure into a one-line error. */
function writeStdout(context: CommandContext, text: string, lostOutputAdvice: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    context.io.stdout.write(text, (error) => {
      if (error === undefined || error === null) {
        resolve();
        return;
      }
      const code = (error as NodeJS.ErrnoException).code ?? error.message;
      if (lostOutputAdvice !== undefined) {
        reject(new CliError(`cannot write the result to stdout (${code}); ${lostOutputAdvice}`));
      } else if (code === "EPIPE") {
        reject(new OutputClosedError("stdout was closed"));
      } else {
        reject(new CliError(`cannot write the result to stdout (${code})`));
      }
    });
  });
}
