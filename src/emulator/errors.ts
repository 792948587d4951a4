/**
 * An error that stops the emulator before or while it starts, or a command before it runs.
 * `main` prints the message as one line and exits with `exitCode`.
 */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = "StartupError";
  }
}

/** An invalid command line: `main` prints the message and exits with 2. */
export class UsageError extends StartupError {
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}

/** Returns the first line of an error's message, for one-line error output. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split(/\r?\n/, 1)[0] ?? "";
}
