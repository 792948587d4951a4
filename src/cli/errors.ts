import { EXIT_CODES, type ExitCode } from "./exit-codes.js";

/** An error whose message is fit to show the user as it is, with the exit code it maps to. */
export class CliError extends Error {
  override name = "CliError";

  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT_CODES.error,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Invalid command line or configuration value. */
export class UsageError extends CliError {
  override name = "UsageError";

  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT_CODES.usage, options);
  }
}

/** No credential could provide an access token, or the API rejected it. */
export class AuthError extends CliError {
  override name = "AuthError";

  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT_CODES.auth, options);
  }
}

/** The user cancelled at a prompt. */
export class CancelledError extends CliError {
  override name = "CancelledError";

  constructor(message = "cancelled", options?: ErrorOptions) {
    super(message, EXIT_CODES.cancelled, options);
  }
}

/** The reader of stdout went away (EPIPE), as with `taskurai pat list | head -1`; the CLI stops quietly. */
export class OutputClosedError extends CliError {
  override name = "OutputClosedError";
}
