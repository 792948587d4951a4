import { ProblemSchema, type ErrorCode, type Problem } from "../contract/index.js";

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_name: 400,
  invalid_scope: 400,
  invalid_valid_minutes: 400,
  unauthorized: 401,
  token_expired: 401,
  insufficient_scope: 403,
  pat_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  pat_already_exists: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
};

const TITLE_BY_STATUS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  500: "Internal Server Error",
};

/** Maximum length of a client-supplied value quoted in a problem detail; longer values are cut. */
const MAX_QUOTED_LENGTH = 80;

/** An error response that a handler throws; the server turns it into a problem document. */
export class HttpProblem extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "HttpProblem";
    this.status = STATUS_BY_CODE[code];
  }
}

/** Quotes a client-supplied value for a problem detail, shortened so a huge input does not echo back whole. */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const shown = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}...` : text;
  return `'${shown}'`;
}

/** Builds the problem document of `problem` and checks it against the contract's ProblemSchema. */
export function problemDocument(problem: HttpProblem, requestId: string): Problem {
  return ProblemSchema.parse({
    type: `urn:taskurai:problem:${problem.code}`,
    title: TITLE_BY_STATUS[problem.status] ?? "Error",
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    requestId,
  });
}

/**
 * Builds the `WWW-Authenticate` value of a 401 response (RFC 6750). Header values must be
 * printable ASCII, and the description is a quoted string, so other characters become '?'
 * and double quotes and backslashes become single quotes.
 */
export function bearerChallenge(detail: string): string {
  const description = detail.replace(/[^\x20-\x7e]/g, "?").replace(/["\\]/g, "'");
  return `Bearer error="invalid_token", error_description="${description}"`;
}
