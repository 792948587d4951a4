import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

import { PROBLEM_CONTENT_TYPE, REQUEST_ID_HEADER, TOKEN_PREFIX, TOKEN_SEARCH_PATTERN } from "../contract/index.js";
import { HttpProblem, problemDocument } from "./problems.js";
import type { RequestContext, Route, RouteResponse } from "./routing.js";

/** Destinations of the request log and of the errors that the server catches. */
export interface ServerLogger {
  /** Receives one line per request, or nothing when request logging is off. */
  request(line: string): void;
  error(line: string): void;
}

const JWT_IN_TEXT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

/**
 * Removes token values from text bound for the log: a client could put a personal access token
 * or a JWT into the URL by mistake.
 */
export function redactSecrets(text: string): string {
  return text.replace(TOKEN_SEARCH_PATTERN, `${TOKEN_PREFIX}[redacted]`).replace(JWT_IN_TEXT, "[redacted-jwt]");
}

/** Creates the HTTP server that dispatches requests to `routes`. */
export function createEmulatorServer(routes: readonly Route[], logger: ServerLogger): Server {
  const server = createServer((request, response) => {
    void handleRequest(routes, logger, request, response);
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => rejectUnparsedRequest(error, socket, logger));
  return server;
}

// Requests that Node's HTTP parser rejects never reach a route. Examples are oversized headers,
// an unknown method and malformed syntax. They still get a problem document and a log line.
function rejectUnparsedRequest(error: NodeJS.ErrnoException, socket: Duplex, logger: ServerLogger): void {
  const requestId = randomUUID();
  const problem =
    error.code === "HPE_HEADER_OVERFLOW"
      ? new HttpProblem("headers_too_large", "the request line and headers exceed the server's limit; send a shorter URL or fewer headers")
      : new HttpProblem("invalid_request", `the request is not valid HTTP (${error.code ?? "parse error"})`);
  logger.request(`${new Date().toISOString()} - - ${problem.status} 0.0ms request=${requestId} caller=- (${error.code ?? "parse error"})`);

  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const document = problemDocument(problem, requestId);
  const body = JSON.stringify(document);
  socket.end(
    `HTTP/1.1 ${problem.status} ${document.title}\r\n` +
      `content-type: ${PROBLEM_CONTENT_TYPE}\r\n${REQUEST_ID_HEADER}: ${requestId}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

async function handleRequest(
  routes: readonly Route[],
  logger: ServerLogger,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const started = process.hrtime.bigint();
  const requestId = randomUUID();
  const method = request.method ?? "GET";
  const rawTarget = request.url ?? "/";
  const context: RequestContext = {
    requestId,
    request,
    url: parseTarget(rawTarget),
    params: {},
    callerId: "-",
  };
  response.setHeader(REQUEST_ID_HEADER, requestId);
  response.setHeader("cache-control", "no-store");

  let result: RouteResponse;
  try {
    result = await dispatch(routes, method, context);
  } catch (error) {
    result = problemResponse(error, logger, context);
  }

  response.once("close", () => {
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    const target = redactSecrets(context.url.pathname + context.url.search);
    logger.request(
      `${new Date().toISOString()} ${method} ${target} ${result.status} ${milliseconds.toFixed(1)}ms request=${requestId} caller=${context.callerId}`,
    );
  });

  try {
    send(response, result);
  } catch (error) {
    logger.error(`${new Date().toISOString()} error request=${requestId}: cannot send the response: ${describeError(error)}`);
    response.destroy();
  }
}

function parseTarget(target: string): URL {
  // Prefixing keeps a path such as `//host/x` a path instead of a host.
  try {
    return target.startsWith("/") ? new URL(`http://emulator${target}`) : new URL(target);
  } catch {
    return new URL("http://emulator/");
  }
}

async function dispatch(routes: readonly Route[], method: string, context: RequestContext): Promise<RouteResponse> {
  const path = context.url.pathname;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match === null) continue;

    const handler = route.methods[method];
    if (handler === undefined) {
      const allowed = Object.keys(route.methods).join(", ");
      throw new HttpProblem("method_not_allowed", `${method} is not allowed on ${path}; use ${allowed}`, { allow: allowed });
    }
    route.paramNames.forEach((name, index) => {
      context.params[name] = match[index + 1] ?? "";
    });
    return handler(context);
  }
  throw new HttpProblem("not_found", `no route matches ${method} ${redactSecrets(path)}; see the API routes under /v1`);
}

function problemResponse(error: unknown, logger: ServerLogger, context: RequestContext): RouteResponse {
  let problem: HttpProblem;
  if (error instanceof HttpProblem) {
    problem = error;
  } else {
    logger.error(`${new Date().toISOString()} error request=${context.requestId}: ${describeError(error)}`);
    problem = new HttpProblem("internal_error", `the emulator failed to handle the request; see its log for request ${context.requestId}`);
  }
  return {
    status: problem.status,
    body: problemDocument(problem, context.requestId),
    headers: { ...problem.headers, "content-type": PROBLEM_CONTENT_TYPE },
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

function send(response: ServerResponse, result: RouteResponse): void {
  const headers: Record<string, string> = { ...result.headers };
  let payload: string | undefined;
  if (result.body !== undefined) {
    payload = JSON.stringify(result.body);
    headers["content-type"] ??= "application/json; charset=utf-8";
    headers["content-length"] = String(Buffer.byteLength(payload));
  }
  response.writeHead(result.status, headers);
  response.end(payload);
}
