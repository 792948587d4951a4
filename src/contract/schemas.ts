import { z } from "zod";

import { PAT_NAME_PATTERN } from "./rules.js";
import { ALL_SCOPE_NAMES, canonicalScope } from "./scopes.js";

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
export const CreatePatRequestSchema = z.strictObject({
  name: PatNameSchema,
  validMinutes: z.number().int().positive().optional(),
  scopes: z.array(ScopeSchema).min(1, "at least one scope is required"),
});
export type CreatePatRequest = z.input<typeof CreatePatRequestSchema>;

/**
 * Body of `PATCH /v1/pats/{name}`. Every update issues a new token value; `validMinutes`
 * restarts the validity from now, and `scopes` replaces the scopes when given.
 */
export const UpdatePatRequestSchema = z.strictObject({
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
  value: z.array(z.looseObject({ id: z.string() })),
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
export const ProblemSchema = z.looseObject({
  type: z.string().optional(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string(),
  requestId: z.string(),
});
export type Problem = z.infer<typeof ProblemSchema>;
