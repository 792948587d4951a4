/** Claims of an Entra ID access token that the CLI shows; every field is optional. */
export interface TokenClaims {
  /** Object id of the signed-in user or service principal. */
  oid?: string;
  tid?: string;
  aud?: string;
  /** Display name of the identity: `upn`, `preferred_username`, `unique_name`, `name` or `appid`, first set wins. */
  identity?: string;
  /** Expiry, in seconds since the epoch. */
  exp?: number;
}

function stringClaim(payload: Record<string, unknown>, name: string): string | undefined {
  const value = payload[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Reads the claims of a JWT without verifying its signature. The CLI only shows them to
 * explain a sign-in; the API verifies the token. Returns undefined when `token` is not a JWT.
 */
export function readClaims(token: string): TokenClaims | undefined {
  const segments = token.split(".");
  if (segments.length !== 3 || segments[1] === undefined) return undefined;

  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(segments[1], "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return undefined;

  const claims = payload as Record<string, unknown>;
  const audience = claims.aud;
  const identityNames = ["upn", "preferred_username", "unique_name", "name", "appid"];
  return {
    oid: stringClaim(claims, "oid"),
    tid: stringClaim(claims, "tid"),
    aud: typeof audience === "string" ? audience : Array.isArray(audience) ? audience.filter((a) => typeof a === "string").join(",") : undefined,
    identity: identityNames.map((name) => stringClaim(claims, name)).find((value) => value !== undefined),
    exp: typeof claims.exp === "number" ? claims.exp : undefined,
  };
}
