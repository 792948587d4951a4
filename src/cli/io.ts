/** Streams a command reads and writes, with the terminal facts that decide prompting and formatting. */
export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** True when stdout is a terminal, so human-readable tables are the default output. */
  stdoutIsTTY: boolean;
  /** True when prompting is allowed: stdin and stdout are terminals and `CI` is not set. */
  canPrompt: boolean;
  /** True when ANSI colour may be written to stdout; absent means no colour. */
  stdoutColor?: boolean;
  /** True when ANSI colour may be written to stderr; absent means no colour. */
  stderrColor?: boolean;
}

/** Builds the `Io` of this process. */
export function processIo(env: NodeJS.ProcessEnv = process.env): Io {
  const stdoutIsTTY = process.stdout.isTTY === true;
  const stdinIsTTY = process.stdin.isTTY === true;
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY,
    canPrompt: stdoutIsTTY && stdinIsTTY && !isCi(env),
    stdoutColor: colorEnabled(stdoutIsTTY, env),
    stderrColor: colorEnabled(process.stderr.isTTY === true, env),
  };
}

/**
 * Decides whether a stream gets ANSI colour: `NO_COLOR` (any non-empty value) turns it off,
 * `FORCE_COLOR` turns it on (off when `0` or `false`), and otherwise a terminal that is not
 * `TERM=dumb` gets colour.
 */
export function colorEnabled(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;

  const force = env.FORCE_COLOR?.trim().toLowerCase();
  if (force !== undefined) return force !== "0" && force !== "false";

  return isTTY && env.TERM !== "dumb";
}

/** Returns true when `CI` is set to anything but an empty string, `0` or `false`. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}
