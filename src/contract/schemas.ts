import { z } from "zod";

import { ALL_SCOPE_NAMES, canonicalScope } from "./scopes.js";

/** Token names: 1 to 64 letters, digits, `.`, `_` or `-`. Unique per user. */
export const PAT_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const PAT_NAME_MAX_LENGTH = 64;

/** Validity, in minutes, when a create request gives none: 30 days. */
export const DEFAULT_VALID_MINUTES = 43200;

/** Upper bound on validity that the hosted API enforces by default: 365 days. */
export const DEFAULT_MAX_VALID_MINUTES = 525600;

/** Largest page a list request may ask for, and the size used when it asks for none. */
export const MAX_PAGE_SIZE = 100;

/** Returns why `name` is not a valid token name, or undefined when it is valid. */
export function patNameProblem(name: string): string | undefined {
  if (name.length === 0) return "a token name must not be empty";
  if (name.length > PAT_NAME_MAX_LENGTH) {
    return `a token name has at most ${PAT_NAME_MAX_LENGTH} characters, this one has ${name.length}`;
  }
  if (!PAT_NAME_PATTERN.test(name)) return "a token name may contain only letters, digits, '.', '_' and '-'";
  return undefined;
}

const isoTimestamp = z.iso.datetime({ offset: false });

export const PatNameSchema = z.string().regex(PAT_NAME_PATTERN, "1 to 64 letters, digits, '.', '_' or '-'");

/** A scope name from the catalog, in any casing; parsing returns the canonical casing. */
export const ScopeSchema = z.string().transform((value, context) => {
  const canonical = canonicalScope(value);
  if (canonical === undefined) {
    context.addIssue({
      code: "custom",
      message: `unknown scope '${value}'; valid scopes: ${ALL_SCOPE_NAMES.join(", ")}`,
    });
    return z.NEVER;
  }
  return canonical;
});

/** Metadata of a personal access token. Never contains the token value. */
export const PatSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  expiresAt: isoTimestamp,
  lastUsedAt: isoTimestamp.nullable(),
  hint: z.string(),
});
export type Pat = z.infer<typeof PatSchema>;

/** Metadata plus the token value: returned only by create and update. */
export const PatWithTokenSchema = PatSchema.extend({ token: z.string() });
export type PatWithToken = z.infer<typeof PatWithTokenSchema>;

/** Body of `POST /v1/pats`. */
export const CreatePatRequestSchema = z.object({
  name: PatNameSchema,
  validMinutes: z.number().int().positive().optional(),
  scopes: z.array(ScopeSchema).min(1, "at least one scope is required"),
});
export type CreatePatRequest = z.input<typeof CreatePatRequestSchema>;

/**
 * Body of `PATCH /v1/pats/{name}`. Every update issues a new token value; `validMinutes`
 * restarts the validity from now, and `scopes` replaces the scopes when given.
 */
export const UpdatePatRequestSchema = z.object({
  validMinutes: z.number().int().positive().optional(),
  scopes: z.array(ScopeSchema).min(1, "at least one scope is required").optional(),
});
export type UpdatePatRequest = z.input<typeof UpdatePatRequestSchema>;

/** One page of `GET /v1/pats`, sorted by name; `continuationToken` is null on the last page. */
export const PatPageSchema = z.object({
  value: z.array(PatSchema),
  continuationToken: z.string().nullable(),
});
export type PatPage = z.infer<typeof PatPageSchema>;

/** One page of `GET /v1/tasks`. */
export const TaskPageSchema = z.object({
  value: z.array(z.object({ id: z.string() }).passthrough()),
  continuationToken: z.string().nullable(),
});

/** Stable machine-readable error codes carried in `code` of a problem document. */
export const ERROR_CODES = [
  "invalid_request",
  "invalid_name",
  "invalid_scope",
  "invalid_valid_minutes",
  "unauthorized",
  "token_expired",
  "insufficient_scope",
  "pat_not_found",
  "pat_already_exists",
  "not_found",
  "method_not_allowed",
  "payload_too_large",
  "unsupported_media_type",
  "internal_error",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error response: RFC 9457 problem details with Taskurai's `code` and `requestId` members. */
export const ProblemSchema = z
  .object({
    type: z.string().optional(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    requestId: z.string(),
  })
  .passthrough();
export type Problem = z.infer<typeof ProblemSchema>;
