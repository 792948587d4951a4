import { ApiError, NetworkError, ResponseFormatError } from "../client/errors.js";
import { AuthError, CliError, UsageError } from "./errors.js";
import { EXIT_CODES } from "./exit-codes.js";

/** Turns any error into a `CliError` with a one-line message and the documented exit code. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ApiError) return fromApiError(error);
  if (error instanceof NetworkError || error instanceof ResponseFormatError) {
    return new CliError(error.message, EXIT_CODES.error, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(`unexpected error: ${message}; run again with --debug for details`, EXIT_CODES.error, { cause: error });
}

function fromApiError(error: ApiError): CliError {
  // A response without a problem document has only a status, which the detail already names.
  const statusText = error.code === `http_${error.status}` ? "" : `HTTP ${error.status} ${error.code}`;
  const parts = [statusText, error.requestId ? `request id ${error.requestId}` : ""].filter((part) => part !== "");
  const suffix = parts.length > 0 ? ` (${parts.join(", ")})` : "";
  const options = { cause: error };

  switch (error.status) {
    case 400:
      return new UsageError(`${error.detail}${suffix}`, options);
    case 401:
      return new AuthError(`the Taskurai API rejected the access token: ${error.detail}${suffix}`, options);
    case 403:
      return new AuthError(`access denied: ${error.detail}${suffix}`, options);
    case 404:
      if (error.code === "pat_not_found") {
        return new CliError(`${error.detail}${suffix}; run 'taskurai pat list' to see your tokens`, EXIT_CODES.notFound, options);
      }
      // Any other 404 means the endpoint does not serve the Taskurai API routes.
      return new CliError(
        `${error.detail}${suffix}; check that the endpoint is the base URL of a Taskurai API`,
        EXIT_CODES.error,
        options,
      );
    case 409:
      return new CliError(`${error.detail}${suffix}`, EXIT_CODES.conflict, options);
    default:
      return new CliError(`the Taskurai API failed: ${error.detail}${suffix}`, EXIT_CODES.error, options);
  }
}
