import { createHash } from "node:crypto";

import { loadOrCreateSigningKey } from "./keys.js";
import { signJwt } from "./jwt.js";
import type { TokenOptions } from "./options.js";

/** Namespace of the name-based UUIDs that `userObjectId` derives; any fixed UUID works. */
const OBJECT_ID_NAMESPACE = "9d3c6b0e-5f1a-4c2b-8e7d-1a2b3c4d5e6f";

/** Issuer prefix of emulator tokens; the tenant id and a slash follow it. */
export const EMULATOR_ISSUER_BASE = "https://taskurai-emulator.local/";

/**
 * Derives a stable object id (`oid`) for a user name within a tenant, as a name-based
 * UUID version 5 (RFC 9562): the same tenant and name always give the same id.
 */
export function userObjectId(tenantId: string, user: string): string {
  const namespace = Buffer.from(OBJECT_ID_NAMESPACE.replaceAll("-", ""), "hex");
  const digest = createHash("sha1").update(namespace).update(`${tenantId.toLowerCase()}/${user}`, "utf8").digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Signs an access token with the emulator's key from `options.dataDir`, creating the key on first
 * use. A negative `validMinutes` gives a token that expired that many minutes ago.
 */
export function mintAccessToken(options: TokenOptions, now: Date = new Date()): string {
  const signingKey = loadOrCreateSigningKey(options.dataDir);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const expires = nowSeconds + options.validMinutes * 60;
  // An expired test token must still look plausible, so it was issued an hour before it expired.
  const issuedAt = options.validMinutes > 0 ? nowSeconds : expires - 3600;
  const oid = userObjectId(options.tenant, options.user);
  const claims = {
    iss: `${EMULATOR_ISSUER_BASE}${options.tenant}/`,
    aud: options.audience,
    sub: oid,
    oid,
    tid: options.tenant,
    name: options.user,
    preferred_username: `${options.user}@emulator.local`,
    iat: issuedAt,
    nbf: issuedAt,
    exp: expires,
  };
  return signJwt(claims, signingKey.privateKey, signingKey.kid);
}
