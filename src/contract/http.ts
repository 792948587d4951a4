/**
 * Routes, headers and constants of the Taskurai API that the client and the emulator share.
 * Adapting the CLI to a different API version is a change to this folder only.
 */

export const API_ROUTES = {
  pats: "/v1/pats",
  pat: (name: string) => `/v1/pats/${encodeURIComponent(name)}`,
  tasks: "/v1/tasks",
} as const;

/** Query parameters of list routes. */
export const LIST_QUERY = {
  pageSize: "maxPageSize",
  continuationToken: "continuationToken",
} as const;

/** Response header carrying the id the server gave the request; problem documents repeat it. */
export const REQUEST_ID_HEADER = "x-request-id";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** Entra ID application ID URI that the Taskurai API accepts access tokens for. */
// NOTE: placeholder until the hosted service publishes its application ID URI; the emulator
// accepts this audience by default so the CLI and the emulator agree out of the box.
export const DEFAULT_AUDIENCE = "api://taskurai";

/** Concrete scope that `GET /v1/tasks` requires of a personal access token. */
export const TASKS_READ_SCOPE = "Taskurai.Task.Read";
