/** The API returned a non-2xx status. The fields come from its problem document when it sent one. */
export class ApiError extends Error {
  override name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly requestId: string | undefined,
    readonly wwwAuthenticate?: string,
  ) {
    super(`${detail} (HTTP ${status} ${code}${requestId ? `, request id ${requestId}` : ""})`);
  }
}

/** The API responded, but the body is not what the contract describes. */
export class ResponseFormatError extends Error {
  override name = "ResponseFormatError";

  constructor(
    message: string,
    readonly status: number,
    readonly requestId: string | undefined,
  ) {
    super(message);
  }
}

/** The request did not get an answer: connection refused, DNS failure, timeout. */
export class NetworkError extends Error {
  override name = "NetworkError";

  constructor(
    message: string,
    readonly endpoint: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
