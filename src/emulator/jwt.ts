import { sign, verify, type KeyObject } from "node:crypto";

/** Allowed difference between this machine's clock and the token issuer's when checking `exp` and `nbf`. */
export const CLOCK_SKEW_SECONDS = 60;

const BASE64URL_SEGMENT = /^[A-Za-z0-9_-]*$/;

/** A public key that access tokens may be signed with; `kid` selects it when the token names one. */
export interface TrustedKey {
  kid: string | undefined;
  key: KeyObject;
}

/** Claims of a verified access token that the emulator relies on. */
export interface AccessTokenClaims {
  oid: string;
  tid: string;
  [claim: string]: unknown;
}

/** Why an access token was rejected: `code` is the problem code of the 401 response. */
export class AccessTokenError extends Error {
  constructor(
    readonly code: "unauthorized" | "token_expired",
    message: string,
  ) {
    super(message);
    this.name = "AccessTokenError";
  }
}

export function base64UrlEncode(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

function decodeJsonSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isoFromSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

function quoteList(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(", ");
}

/** Signs `claims` as a compact RS256 JWT with `kid` in the header. */
export function signJwt(claims: Record<string, unknown>, privateKey: KeyObject, kid: string): string {
  const header = base64UrlEncode(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const payload = base64UrlEncode(JSON.stringify(claims));
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${base64UrlEncode(signature)}`;
}

/**
 * Verifies a compact RS256 JWT against `keys` and checks `exp`, `nbf` (both with
 * CLOCK_SKEW_SECONDS of tolerance), `aud` and the presence of `oid` and `tid`.
 * Returns the claims, or throws AccessTokenError whose message names the failed check.
 */
export function verifyAccessToken(
  token: string,
  keys: readonly TrustedKey[],
  audiences: readonly string[],
  nowSeconds: number = Date.now() / 1000,
): AccessTokenClaims {
  const segments = token.split(".");
  if (segments.length !== 3 || !segments.every((segment) => BASE64URL_SEGMENT.test(segment))) {
    throw new AccessTokenError(
      "unauthorized",
      "the access token is not a JWT; expected three base64url segments separated by '.'",
    );
  }
  const [headerSegment, payloadSegment, signatureSegment] = segments as [string, string, string];

  const header = decodeJsonSegment(headerSegment);
  if (!isObject(header)) {
    throw new AccessTokenError("unauthorized", "the access token's header is not a base64url-encoded JSON object");
  }
  // Only RS256 is accepted, so tokens with `alg: none` or an HMAC algorithm keyed with the
  // public key are rejected before any key is chosen.
  if (header.alg !== "RS256") {
    throw new AccessTokenError(
      "unauthorized",
      `the access token is signed with algorithm '${String(header.alg)}'; only RS256 is accepted`,
    );
  }

  let candidates = keys;
  if (typeof header.kid === "string") {
    candidates = keys.filter((key) => key.kid === header.kid);
    if (candidates.length === 0) {
      throw new AccessTokenError(
        "unauthorized",
        `the access token is signed with key id '${header.kid}', which is not in the trusted key set`,
      );
    }
  }

  const signedData = Buffer.from(`${headerSegment}.${payloadSegment}`);
  const signature = Buffer.from(signatureSegment, "base64url");
  const signatureValid = candidates.some((candidate) => {
    try {
      return verify("sha256", signedData, candidate.key, signature);
    } catch {
      return false;
    }
  });
  if (!signatureValid) {
    throw new AccessTokenError("unauthorized", "the access token's signature does not match any trusted key");
  }

  const claims = decodeJsonSegment(payloadSegment);
  if (!isObject(claims)) {
    throw new AccessTokenError("unauthorized", "the access token's payload is not a base64url-encoded JSON object");
  }

  if (typeof claims.exp !== "number") {
    throw new AccessTokenError("unauthorized", "the access token has no numeric 'exp' (expiry) claim");
  }
  if (nowSeconds > claims.exp + CLOCK_SKEW_SECONDS) {
    throw new AccessTokenError(
      "token_expired",
      `the access token expired at ${isoFromSeconds(claims.exp)}; sign in again to get a new one`,
    );
  }
  if (typeof claims.nbf === "number" && nowSeconds + CLOCK_SKEW_SECONDS < claims.nbf) {
    throw new AccessTokenError(
      "token_expired",
      `the access token is not valid before ${isoFromSeconds(claims.nbf)}; check this machine's clock`,
    );
  }

  const tokenAudiences = typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  const audienceStrings = tokenAudiences.filter((audience): audience is string => typeof audience === "string");
  if (!audienceStrings.some((audience) => audiences.includes(audience))) {
    const expected = audiences.length === 1 ? `'${audiences[0]}'` : `one of ${quoteList(audiences)}`;
    let problem: string;
    if (audienceStrings.length === 0) problem = "the access token has no 'aud' (audience) claim";
    else if (audienceStrings.length === 1) problem = `the access token's audience '${audienceStrings[0]}' is not accepted`;
    else problem = `none of the access token's audiences ${quoteList(audienceStrings)} is accepted`;
    throw new AccessTokenError("unauthorized", `${problem}; expected ${expected}`);
  }

  for (const claim of ["oid", "tid"] as const) {
    const value = claims[claim];
    if (typeof value !== "string" || value === "") {
      throw new AccessTokenError("unauthorized", `the access token has no '${claim}' claim to identify the caller`);
    }
  }
  return claims as AccessTokenClaims;
}
