import { request } from "undici";
import type { z } from "zod";

import {
  API_ROUTES,
  LIST_QUERY,
  PROBLEM_CONTENT_TYPE,
  REQUEST_ID_HEADER,
  PatPageSchema,
  PatSchema,
  PatWithTokenSchema,
  ProblemSchema,
  TaskPageSchema,
  type CreatePatRequest,
  type Pat,
  type PatWithToken,
  type UpdatePatRequest,
} from "../contract/index.js";
import { ApiError, NetworkError, ResponseFormatError } from "./errors.js";
import { escapeControlCharacters, redact } from "./redact.js";

export interface ApiClientOptions {
  /** Base URL of the Taskurai instance, for example `http://127.0.0.1:8787`. */
  endpoint: string;
  /** Returns the bearer credential for a request; called once per request so it can refresh. */
  getBearer: () => Promise<string>;
  /** Milliseconds to wait for response headers and for each chunk of the body. */
  timeoutMs?: number;
  /** Receives one line per request and response, with secrets redacted. */
  debug?: (line: string) => void;
}

/** Upper bound on pages fetched by one list call, so a server that never ends the list cannot loop us forever. */
const MAX_LIST_PAGES = 10_000;

/** Typed client for the Taskurai API; every response is parsed with the contract's schemas. */
export class ApiClient {
  private readonly endpoint: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: ApiClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async createPat(body: CreatePatRequest): Promise<PatWithToken> {
    return this.send("POST", API_ROUTES.pats, PatWithTokenSchema, body);
  }

  async updatePat(name: string, body: UpdatePatRequest): Promise<PatWithToken> {
    return this.send("PATCH", API_ROUTES.pat(name), PatWithTokenSchema, body);
  }

  async getPat(name: string): Promise<Pat> {
    return this.send("GET", API_ROUTES.pat(name), PatSchema);
  }

  async deletePat(name: string): Promise<void> {
    await this.send("DELETE", API_ROUTES.pat(name), undefined);
  }

  /** Fetches every page of the caller's tokens, in the server's order (by name). */
  async listPats(pageSize?: number): Promise<Pat[]> {
    const all: Pat[] = [];
    const seen = new Set<string>();
    let continuationToken: string | null = null;

    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const query = new URLSearchParams();
      if (pageSize !== undefined) query.set(LIST_QUERY.pageSize, String(pageSize));
      if (continuationToken !== null) query.set(LIST_QUERY.continuationToken, continuationToken);
      const path = query.size > 0 ? `${API_ROUTES.pats}?${query}` : API_ROUTES.pats;

      const result = await this.send("GET", path, PatPageSchema);
      all.push(...result.value);
      continuationToken = result.continuationToken;
      if (continuationToken === null) return all;
      if (seen.has(continuationToken)) {
        throw new ResponseFormatError(
          `the Taskurai API at ${this.endpoint} returned the same continuation token twice while listing tokens`,
          200,
          undefined,
        );
      }
      seen.add(continuationToken);
    }
    throw new ResponseFormatError(`the token list from ${this.endpoint} has more than ${MAX_LIST_PAGES} pages`, 200, undefined);
  }

  /** Calls `GET /v1/tasks`; with a personal access token as the bearer, this proves the token works. */
  async listTasks(): Promise<z.infer<typeof TaskPageSchema>> {
    return this.send("GET", API_ROUTES.tasks, TaskPageSchema);
  }

  private async send<T extends z.ZodType>(method: string, path: string, schema: T, body?: unknown): Promise<z.output<T>>;
  private async send(method: string, path: string, schema: undefined, body?: unknown): Promise<undefined>;
  private async send(method: string, path: string, schema: z.ZodType | undefined, body?: unknown): Promise<unknown> {
    const url = this.endpoint + path;
    const headers: Record<string, string> = {
      accept: `application/json, ${PROBLEM_CONTENT_TYPE}`,
      authorization: `Bearer ${await this.options.getBearer()}`,
      "user-agent": "taskurai-cli",
    };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers["content-type"] = "application/json";
    this.debug(`> ${method} ${url} ${redact(JSON.stringify(headers))}${payload ? ` ${redact(payload)}` : ""}`);

    const started = performance.now();
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, {
        method: method as "GET",
        headers,
        body: payload,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (error) {
      throw new NetworkError(describeNetworkFailure(this.endpoint, error), this.endpoint, { cause: error });
    }

    const text = await response.body.text();
    const requestId = headerValue(response.headers[REQUEST_ID_HEADER]);
    const elapsed = Math.round(performance.now() - started);
    this.debug(`< ${response.statusCode} ${method} ${url} ${elapsed} ms request-id=${requestId ?? "-"} ${redact(text)}`);

    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw this.toApiError(response.statusCode, text, requestId, headerValue(response.headers["www-authenticate"]));
    }
    if (schema === undefined) return undefined;

    return this.parseBody(schema, text, response.statusCode, requestId);
  }

  private parseBody(schema: z.ZodType, text: string, status: number, requestId: string | undefined): unknown {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ResponseFormatError(
        `the Taskurai API at ${this.endpoint} returned a body that is not JSON (HTTP ${status}); check that --endpoint points at a Taskurai API`,
        status,
        requestId,
      );
    }

    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join(".") : "body";
      throw new ResponseFormatError(
        `the Taskurai API at ${this.endpoint} returned a response this CLI does not understand (HTTP ${status}, ${where}: ${issue?.message ?? "invalid"}); the CLI may be older than the API`,
        status,
        requestId,
      );
    }
    return parsed.data;
  }

  private toApiError(status: number, text: string, requestId: string | undefined, wwwAuthenticate: string | undefined): ApiError {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const problem = ProblemSchema.safeParse(json);
    if (problem.success) {
      const detail = problem.data.detail ?? problem.data.title;
      const requestIdText = problem.data.requestId ?? requestId;
      return new ApiError(
        status,
        escapeControlCharacters(problem.data.code),
        escapeControlCharacters(redact(detail)),
        requestIdText === undefined ? undefined : escapeControlCharacters(requestIdText),
        wwwAuthenticate,
      );
    }
    return new ApiError(status, `http_${status}`, `the Taskurai API at ${this.endpoint} returned HTTP ${status}`, requestId, wwwAuthenticate);
  }

  private debug(line: string): void {
    this.options.debug?.(line);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function describeNetworkFailure(endpoint: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  let reason = error instanceof Error ? error.message : String(error);
  if (typeof code === "string") reason = code;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return `the Taskurai API at ${endpoint} did not answer in time (${reason}); check that the endpoint is right and the service is up`;
  }
  return `cannot reach the Taskurai API at ${endpoint} (${reason}); check --endpoint or TASKURAI_ENDPOINT and that the service is running`;
}
