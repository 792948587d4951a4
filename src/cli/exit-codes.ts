/**
 * Process exit codes. Scripts depend on these numbers, so they never change meaning;
 * the README lists the same table.
 */
export const EXIT_CODES = {
  success: 0,
  /** Anything not covered below: a server error, an unreachable endpoint, an unexpected response. */
  error: 1,
  /** Invalid command line: unknown flag, missing or invalid value. */
  usage: 2,
  /** No credential could sign in, or the API rejected the access token. */
  auth: 3,
  notFound: 4,
  /** The request conflicts with existing state, such as a token name that is taken. */
  conflict: 5,
  /** Some items of a multi-item operation failed and others succeeded. */
  partial: 6,
  /** The user cancelled a prompt (Ctrl-C), as a shell reports SIGINT. */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
