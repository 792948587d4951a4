import type { IncomingMessage } from "node:http";

import { TOKEN_PREFIX, hashToken, isWellFormedToken, scopeGrants } from "../contract/index.js";
import { AccessTokenError, verifyAccessToken, type TrustedKey } from "./jwt.js";
import { HttpProblem, bearerChallenge } from "./problems.js";
import type { Owner, PatRecord, PatStore } from "./store.js";

/** Three base64url segments whose header starts with `{"`: the shape of a JWT. */
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

/** Returns a 401 problem with the matching `WWW-Authenticate` challenge. */
export function unauthorized(detail: string, code: "unauthorized" | "token_expired" = "unauthorized"): HttpProblem {
  return new HttpProblem(code, detail, { "www-authenticate": bearerChallenge(detail) });
}

/** Returns the bearer token of the request, or throws 401 when the header is missing or not Bearer. */
export function bearerToken(request: IncomingMessage): string {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === "") {
    throw unauthorized("the request has no Authorization header; send 'Authorization: Bearer <token>'");
  }
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (match === null) {
    // Echo only the scheme: the rest of the header may be a secret.
    const scheme = header.trim().split(/\s+/, 1)[0] ?? "";
    if (scheme.toLowerCase() === "bearer") {
      throw unauthorized("the Authorization header must contain exactly one token after 'Bearer'");
    }
    const shown = /^[A-Za-z][A-Za-z0-9._~+-]{0,20}$/.test(scheme) ? `'${scheme}'` : "an unsupported scheme";
    throw unauthorized(`the Authorization header uses ${shown}; send 'Authorization: Bearer <token>'`);
  }
  return match[1] as string;
}

/** Identifies the caller of a management route from a Microsoft Entra ID style access token. */
export function authenticateUser(
  request: IncomingMessage,
  keys: readonly TrustedKey[],
  audiences: readonly string[],
): Owner {
  const token = bearerToken(request);
  if (token.startsWith(TOKEN_PREFIX)) {
    throw unauthorized("personal access tokens cannot manage tokens; sign in with Microsoft Entra ID");
  }
  try {
    const claims = verifyAccessToken(token, keys, audiences);
    return { tenantId: claims.tid, oid: claims.oid };
  } catch (error) {
    if (error instanceof AccessTokenError) throw unauthorized(error.message, error.code);
    throw error;
  }
}

/**
 * Finds the personal access token of the request and checks that it has not expired and grants
 * `requiredScope`. Throws 401 or 403 problems otherwise.
 */
export function authenticatePat(
  request: IncomingMessage,
  store: PatStore,
  requiredScope: string,
  now: Date,
): PatRecord {
  const token = bearerToken(request);
  if (JWT_SHAPE.test(token)) {
    throw unauthorized("this route takes a personal access token, not a Microsoft Entra ID access token");
  }
  if (!isWellFormedToken(token)) {
    throw unauthorized(
      `the bearer token is not a Taskurai personal access token; expected '${TOKEN_PREFIX}' followed by 36 letters and digits with a valid checksum`,
    );
  }

  const record = store.findByTokenHash(hashToken(token));
  if (record === undefined) {
    throw unauthorized("the personal access token is not valid; it was revoked, replaced by an update or never issued");
  }
  if (Date.parse(record.expiresAt) <= now.getTime()) {
    throw unauthorized(
      `the personal access token '${record.name}' expired at ${record.expiresAt}; update it to get a new value`,
      "token_expired",
    );
  }
  if (!scopeGrants(record.scopes, requiredScope)) {
    throw new HttpProblem(
      "insufficient_scope",
      `the personal access token '${record.name}' lacks the scope ${requiredScope}; it has ${record.scopes.join(", ")}`,
      { "www-authenticate": `Bearer error="insufficient_scope", scope="${requiredScope}"` },
    );
  }
  return record;
}
