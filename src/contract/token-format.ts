import { createHash, randomBytes } from "node:crypto";

/**
 * Personal access token values: `tskpat_` followed by 30 base62 characters of randomness
 * (about 178 bits) and a 6-character base62 CRC-32 checksum of those 30 characters.
 * The fixed prefix and the checksum let secret scanners and the CLI recognise a token
 * without asking the API.
 */
export const TOKEN_PREFIX = "tskpat_";

const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const TOKEN_PATTERN = new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);

/** Matches token-shaped strings inside longer text, for redaction. */
export const TOKEN_SEARCH_PATTERN = new RegExp(`${TOKEN_PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}`, "g");

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, "utf8")) {
    crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function toBase62(value: number, length: number): string {
  let text = "";
  let rest = value;
  for (let i = 0; i < length; i++) {
    text = BASE62[rest % 62] + text;
    rest = Math.floor(rest / 62);
  }
  return text;
}

function randomBase62(length: number): string {
  // Rejection sampling keeps every character uniform: bytes of 248 and above are dropped.
  let text = "";
  while (text.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && text.length < length) text += BASE62[byte % 62];
    }
  }
  return text;
}

/** Generates a new token value. */
export function generateToken(): string {
  const random = randomBase62(RANDOM_LENGTH);
  return TOKEN_PREFIX + random + toBase62(crc32(random), CHECKSUM_LENGTH);
}

/** Returns true when `value` has the token shape and its checksum matches. */
export function isWellFormedToken(value: string): boolean {
  if (!TOKEN_PATTERN.test(value)) return false;
  const body = value.slice(TOKEN_PREFIX.length);
  const random = body.slice(0, RANDOM_LENGTH);
  return body.slice(RANDOM_LENGTH) === toBase62(crc32(random), CHECKSUM_LENGTH);
}

/** Hashes a token value for storage; tokens carry enough randomness that no salt is needed. */
export function hashToken(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** Returns the non-secret hint shown with a token's metadata: the prefix and the last 4 characters. */
export function tokenHint(value: string): string {
  return `${TOKEN_PREFIX}...${value.slice(-4)}`;
}
