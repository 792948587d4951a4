import { CommanderError, type Command } from "commander";

import { toCliError } from "./error-map.js";
import { OutputClosedError, UsageError } from "./errors.js";
import { EXIT_CODES, type ExitCode } from "./exit-codes.js";
import { processIo, type Io } from "./io.js";
import { buildProgram } from "./program.js";
import { escapeControlCharacters, redact } from "../client/redact.js";
import { debugFromEnv } from "./settings.js";

/** Runs the CLI with `argv` (as `process.argv`) and returns the process exit code. */
export async function main(argv: string[], io: Io = processIo(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let exitCode: ExitCode = EXIT_CODES.success;
  const program = buildProgram(io, env, (code) => (exitCode = code));
  const debug = argv.includes("--debug") || debugFromEnv(env);
  // writeResult handles write failures in its callbacks. Without this listener, an EPIPE on a
  // closed pipe would also surface as an unhandled 'error' event.
  io.stdout.on("error", () => undefined);

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error, program, argv.slice(2), io);

    const cliError = toCliError(error);
    if (cliError instanceof OutputClosedError) return EXIT_CODES.success;
    io.stderr.write(`taskurai: ${escapeControlCharacters(redact(cliError.message), true)}\n`);
    if (debug) io.stderr.write(`${redact(stackOf(cliError))}\n`);
    return cliError.exitCode;
  }
}

function commanderExit(error: CommanderError, program: Command, args: string[], io: Io): number {
  if (error.exitCode === 0) return EXIT_CODES.success;
  if (error.code === "commander.help" || error.code === "commander.helpDisplayed") return EXIT_CODES.usage;

  const message = error.message
    .replace(/^error:\s*/, "")
    .replace(/\n+/g, " ")
    .trim()
    .replace(/\.$/, "");
  const usage = new UsageError(`${message}; run '${commandPath(program, args)} --help' for usage`);
  io.stderr.write(`taskurai: ${redact(usage.message)}\n`);
  return usage.exitCode;
}

/** Finds the deepest command that `args` names, for pointing at the right `--help`. */
function commandPath(program: Command, args: string[]): string {
  const names = [program.name()];
  let command = program;
  for (const arg of args) {
    if (arg.startsWith("-")) continue;
    const next = command.commands.find((candidate) => candidate.name() === arg || candidate.aliases().includes(arg));
    if (next === undefined) break;
    names.push(next.name());
    command = next;
  }
  return names.join(" ");
}

function stackOf(error: Error): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.stack ?? `${current.name}: ${current.message}`);
    current = current.cause;
  }
  return parts.join("\ncaused by: ");
}
