import type { IncomingMessage } from "node:http";

/** One request as the route handlers see it. */
export interface RequestContext {
  requestId: string;
  request: IncomingMessage;
  url: URL;
  /** Path parameters, still percent-encoded. */
  params: Record<string, string>;
  /** Caller shown in the request log: the `oid` claim, `pat:<id>`, or `-` before authentication. */
  callerId: string;
}

/** A successful response; errors are thrown as HttpProblem. */
export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (context: RequestContext) => RouteResponse | Promise<RouteResponse>;

/** A path pattern and the handler of each method it accepts. */
export interface Route {
  pattern: RegExp;
  /** Names of the pattern's capture groups, in order. */
  paramNames: readonly string[];
  methods: Readonly<Record<string, RouteHandler>>;
}
