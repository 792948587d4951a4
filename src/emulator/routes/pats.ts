import { randomUUID } from "node:crypto";

import {
  ALL_SCOPE_NAMES,
  API_ROUTES,
  CreatePatRequestSchema,
  DEFAULT_VALID_MINUTES,
  LIST_QUERY,
  MAX_PAGE_SIZE,
  PatPageSchema,
  PatSchema,
  PatWithTokenSchema,
  UpdatePatRequestSchema,
  canonicalScope,
  generateToken,
  hashToken,
  patNameProblem,
  tokenHint,
  type Pat,
  type PatWithToken,
} from "../../contract/index.js";
import { authenticateUser } from "../auth.js";
import { readJsonBody } from "../body.js";
import type { TrustedKey } from "../jwt.js";
import { HttpProblem, quote } from "../problems.js";
import type { RequestContext, Route, RouteResponse } from "../routing.js";
import type { Owner, PatRecord, PatStore } from "../store.js";

/** Dependencies of the token management routes. */
export interface PatRouteServices {
  store: PatStore;
  keys: readonly TrustedKey[];
  audiences: readonly string[];
  maxValidMinutes: number;
}

/** Request body fields in the order their problems are reported. */
const FIELD_ORDER = ["name", "scopes", "validMinutes"];

/** Prefix inside continuation tokens, so a token from another listing or a random string is rejected. */
const CONTINUATION_PREFIX = "after:";

/** Returns the `/v1/pats` and `/v1/pats/{name}` routes. */
export function patRoutes(services: PatRouteServices): Route[] {
  return [
    {
      pattern: /^\/v1\/pats$/,
      paramNames: [],
      methods: {
        GET: (context) => listPats(services, context),
        POST: (context) => createPat(services, context),
      },
    },
    {
      pattern: /^\/v1\/pats\/([^/]+)$/,
      paramNames: ["name"],
      methods: {
        GET: (context) => showPat(services, context),
        PATCH: (context) => updatePat(services, context),
        DELETE: (context) => deletePat(services, context),
      },
    },
  ];
}

function authenticate(services: PatRouteServices, context: RequestContext): Owner {
  const owner = authenticateUser(context.request, services.keys, services.audiences);
  context.callerId = owner.oid;
  return owner;
}

function toPat(record: PatRecord): Pat {
  return PatSchema.parse({
    id: record.id,
    name: record.name,
    scopes: record.scopes,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    expiresAt: record.expiresAt,
    lastUsedAt: record.lastUsedAt,
    hint: record.hint,
  });
}

function toPatWithToken(record: PatRecord, token: string): PatWithToken {
  return PatWithTokenSchema.parse({ ...toPat(record), token });
}

function notFound(name: string): HttpProblem {
  return new HttpProblem("pat_not_found", `no token named ${quote(name)} exists for this user`);
}

function addMinutes(date: Date, minutes: number): string {
  return new Date(date.getTime() + minutes * 60_000).toISOString();
}

async function createPat(services: PatRouteServices, context: RequestContext): Promise<RouteResponse> {
  const owner = authenticate(services, context);
  const body = await readJsonBody(context.request);
  if (body === undefined) {
    throw new HttpProblem("invalid_request", "the request body is missing; send a JSON object with 'name' and 'scopes'");
  }
  const fields = requireObject(body);
  rejectUnknownFields(fields, Object.keys(CreatePatRequestSchema.shape));

  const parsed = CreatePatRequestSchema.safeParse(fields);
  if (!parsed.success) throw problemFromIssues(parsed.error.issues, fields, services.maxValidMinutes);
  const validMinutes = checkValidMinutes(parsed.data.validMinutes, services.maxValidMinutes);

  const now = new Date();
  const token = generateToken();
  const record: PatRecord = {
    id: randomUUID(),
    tenantId: owner.tenantId,
    ownerOid: owner.oid,
    name: parsed.data.name,
    scopes: [...new Set(parsed.data.scopes)],
    tokenHash: hashToken(token),
    hint: tokenHint(token),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: addMinutes(now, validMinutes),
    lastUsedAt: null,
  };
  if (!services.store.insert(record)) {
    throw new HttpProblem(
      "pat_already_exists",
      `a token named ${quote(record.name)} already exists; choose another name or update the existing token`,
    );
  }
  return {
    status: 201,
    body: toPatWithToken(record, token),
    headers: { location: API_ROUTES.pat(record.name) },
  };
}

function listPats(services: PatRouteServices, context: RequestContext): RouteResponse {
  const owner = authenticate(services, context);
  const query = context.url.searchParams;
  const pageSize = parsePageSize(singleQueryValue(query, LIST_QUERY.pageSize));
  const afterName = parseContinuationToken(singleQueryValue(query, LIST_QUERY.continuationToken));

  // One row more than the page shows whether another page follows.
  const records = services.store.list(owner, afterName, pageSize + 1);
  const page = records.slice(0, pageSize);
  const last = page.at(-1);
  const continuationToken = records.length > pageSize && last !== undefined ? encodeContinuationToken(last.name) : null;
  return {
    status: 200,
    body: PatPageSchema.parse({ value: page.map(toPat), continuationToken }),
  };
}

function showPat(services: PatRouteServices, context: RequestContext): RouteResponse {
  const owner = authenticate(services, context);
  const name = pathName(context);
  const record = services.store.findByName(owner, name);
  if (record === undefined) throw notFound(name);
  return { status: 200, body: toPat(record) };
}

async function updatePat(services: PatRouteServices, context: RequestContext): Promise<RouteResponse> {
  const owner = authenticate(services, context);
  const name = pathName(context);
  // An empty body requests a new value with the default validity and the same scopes.
  const body = (await readJsonBody(context.request)) ?? {};
  const fields = requireObject(body);
  rejectUnknownFields(fields, Object.keys(UpdatePatRequestSchema.shape));

  const parsed = UpdatePatRequestSchema.safeParse(fields);
  if (!parsed.success) throw problemFromIssues(parsed.error.issues, fields, services.maxValidMinutes);
  const validMinutes = checkValidMinutes(parsed.data.validMinutes, services.maxValidMinutes);

  const now = new Date();
  const token = generateToken();
  const record = services.store.replaceToken(owner, name, {
    tokenHash: hashToken(token),
    hint: tokenHint(token),
    scopes: parsed.data.scopes === undefined ? undefined : [...new Set(parsed.data.scopes)],
    updatedAt: now.toISOString(),
    expiresAt: addMinutes(now, validMinutes),
  });
  if (record === undefined) throw notFound(name);
  return { status: 200, body: toPatWithToken(record, token) };
}

function deletePat(services: PatRouteServices, context: RequestContext): RouteResponse {
  const owner = authenticate(services, context);
  const name = pathName(context);
  if (!services.store.delete(owner, name)) throw notFound(name);
  return { status: 204 };
}

/** Decodes and validates the `{name}` path segment. */
function pathName(context: RequestContext): string {
  const raw = context.params.name ?? "";
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new HttpProblem("invalid_name", `the token name in the path ${quote(raw)} is not valid percent-encoding`);
  }
  const problem = patNameProblem(name);
  if (problem !== undefined) {
    throw new HttpProblem("invalid_name", `the token name ${quote(name)} is not valid: ${problem}`);
  }
  return name;
}

function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpProblem("invalid_request", "the request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

function rejectUnknownFields(fields: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(fields).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    const names = unknown.map((key) => quote(key)).join(", ");
    throw new HttpProblem(
      "invalid_request",
      `the request body has unknown field${unknown.length > 1 ? "s" : ""} ${names}; allowed fields: ${allowed.join(", ")}`,
    );
  }
}

/** Returns the validity to apply; a server maximum below the 43200-minute default also caps the default. */
function checkValidMinutes(validMinutes: number | undefined, maxValidMinutes: number): number {
  if (validMinutes === undefined) return Math.min(DEFAULT_VALID_MINUTES, maxValidMinutes);
  if (validMinutes > maxValidMinutes) throw invalidValidMinutes(validMinutes, maxValidMinutes);
  return validMinutes;
}

function invalidValidMinutes(value: unknown, maxValidMinutes: number): HttpProblem {
  return new HttpProblem(
    "invalid_valid_minutes",
    `validMinutes ${quote(value)} is not valid; use a whole number of minutes from 1 to ${maxValidMinutes}`,
  );
}

/** Maps the contract schema's validation issues to the API's specific error codes. */
function problemFromIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  fields: Record<string, unknown>,
  maxValidMinutes: number,
): HttpProblem {
  const fieldOf = (issue: { path: readonly PropertyKey[] }) => String(issue.path[0] ?? "");
  const rank = (issue: { path: readonly PropertyKey[] }) => {
    const index = FIELD_ORDER.indexOf(fieldOf(issue));
    return index === -1 ? FIELD_ORDER.length : index;
  };
  const first = [...issues].sort((a, b) => rank(a) - rank(b))[0];
  if (first === undefined) return new HttpProblem("invalid_request", "the request body is not valid");

  const field = fieldOf(first);
  const value = fields[field];
  switch (field) {
    case "name":
      if (value === undefined) {
        return new HttpProblem("invalid_name", "the request body has no 'name'; give the token a name of 1 to 64 letters, digits, '.', '_' or '-'");
      }
      if (typeof value !== "string") {
        return new HttpProblem("invalid_request", `'name' must be a string, got ${quote(value)}`);
      }
      return new HttpProblem("invalid_name", `the token name ${quote(value)} is not valid: ${patNameProblem(value) ?? first.message}`);

    case "scopes":
      return scopeProblem(value, first.path);

    case "validMinutes":
      return invalidValidMinutes(value, maxValidMinutes);

    default:
      return new HttpProblem("invalid_request", `the request body is not valid: ${first.message}`);
  }
}

function scopeProblem(value: unknown, path: readonly PropertyKey[]): HttpProblem {
  const validList = `valid scopes: ${ALL_SCOPE_NAMES.join(", ")}`;
  if (value === undefined) {
    return new HttpProblem("invalid_scope", `the request body has no 'scopes'; give at least one scope; ${validList}`);
  }
  if (!Array.isArray(value)) {
    return new HttpProblem("invalid_request", `'scopes' must be an array of scope names, got ${quote(value)}`);
  }
  if (value.length === 0) {
    return new HttpProblem("invalid_scope", `at least one scope is required; ${validList}`);
  }
  const element = typeof path[1] === "number" ? value[path[1]] : undefined;
  if (element !== undefined && typeof element !== "string") {
    return new HttpProblem("invalid_request", `'scopes[${String(path[1])}]' must be a string, got ${quote(element)}`);
  }
  const unknown = value.filter((scope): scope is string => typeof scope === "string" && canonicalScope(scope) === undefined);
  const names = unknown.map((scope) => quote(scope)).join(", ");
  const noun = unknown.length > 1 ? "unknown scopes" : "unknown scope";
  return new HttpProblem("invalid_scope", `${noun} ${names}; ${validList}`);
}

function singleQueryValue(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) {
    throw new HttpProblem("invalid_request", `the query parameter '${name}' is given ${values.length} times; give it at most once`);
  }
  return values[0];
}

function parsePageSize(raw: string | undefined): number {
  if (raw === undefined) return MAX_PAGE_SIZE;
  const size = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(size >= 1 && size <= MAX_PAGE_SIZE)) {
    throw new HttpProblem(
      "invalid_request",
      `${LIST_QUERY.pageSize} ${quote(raw)} is not valid; use a whole number from 1 to ${MAX_PAGE_SIZE}`,
    );
  }
  return size;
}

function encodeContinuationToken(lastName: string): string {
  return Buffer.from(CONTINUATION_PREFIX + lastName, "utf8").toString("base64url");
}

/** Returns the name after which the page starts, or undefined for the first page. */
function parseContinuationToken(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const decoded = /^[A-Za-z0-9_-]+$/.test(raw) ? Buffer.from(raw, "base64url").toString("utf8") : "";
  const name = decoded.startsWith(CONTINUATION_PREFIX) ? decoded.slice(CONTINUATION_PREFIX.length) : "";
  if (patNameProblem(name) !== undefined || encodeContinuationToken(name) !== raw) {
    throw new HttpProblem(
      "invalid_request",
      `the ${LIST_QUERY.continuationToken} ${quote(raw)} is not valid; pass the value from the previous page, or omit it to start at the first page`,
    );
  }
  return name;
}
