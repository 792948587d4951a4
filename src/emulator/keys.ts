import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type JsonWebKey, type KeyObject } from "node:crypto";
import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { StartupError, firstLine } from "./errors.js";
import { base64UrlEncode, type TrustedKey } from "./jwt.js";

export const SIGNING_KEY_FILE = "signing-key.json";

/** Time allowed for fetching a `--jwks` URL at start. */
const JWKS_FETCH_TIMEOUT_MS = 10_000;

/** The emulator's own RS256 key pair. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Public half as a JWK with `kid`, `alg` and `use`, as served at `/.well-known/jwks.json`. */
  publicJwk: JsonWebKey;
}

/** Public keys that the emulator accepts access tokens from, and the JWKS document that lists them. */
export interface TrustedKeySet {
  keys: TrustedKey[];
  jwks: { keys: JsonWebKey[] };
}

/** Computes the RFC 7638 thumbprint of an RSA JWK: SHA-256 over its required members in lexical order. */
export function rsaJwkThumbprint(jwk: { e?: string; n?: string }): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: "RSA", n: jwk.n });
  return base64UrlEncode(createHash("sha256").update(canonical, "utf8").digest());
}

function publicJwkOf(publicKey: KeyObject, kid: string): JsonWebKey {
  const { kty, n, e } = publicKey.export({ format: "jwk" });
  return { kty, n, e, kid, alg: "RS256", use: "sig" };
}

function parseSigningKeyFile(path: string, text: string): SigningKey {
  try {
    const jwk = JSON.parse(text) as JsonWebKey;
    if (jwk.kty !== "RSA" || typeof jwk.d !== "string") throw new Error("not an RSA private key");
    const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
    const publicKey = createPublicKey(privateKey);
    const kid = rsaJwkThumbprint(jwk);
    return { kid, privateKey, publicKey, publicJwk: publicJwkOf(publicKey, kid) };
  } catch (error) {
    throw new StartupError(
      `the signing key file ${path} is not a valid RSA private JWK (${firstLine(error)}); delete it to generate a new key`,
    );
  }
}

/** Creates `dir` and its parents, owner-only on POSIX. */
export function ensureDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StartupError(`cannot create the data folder ${dir} (${firstLine(error)}); pass another --data-dir`);
  }
}

/**
 * Loads the emulator's signing key from `<dataDir>/signing-key.json`, generating an RSA 2048 key
 * there on first use. The file contains the private JWK and is written with mode 0600.
 * When two processes start at once, the first file to land wins and both use it.
 */
export function loadOrCreateSigningKey(dataDir: string): SigningKey {
  const path = join(dataDir, SIGNING_KEY_FILE);
  const existing = readIfExists(path);
  if (existing !== undefined) return parseSigningKeyFile(path, existing);

  ensureDataDir(dataDir);
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" });
  const text = `${JSON.stringify({ ...jwk, kid: rsaJwkThumbprint(jwk), alg: "RS256", use: "sig" }, null, 2)}\n`;

  const temporary = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: 0o600, flag: "wx" });
    publishFile(temporary, path);
  } catch (error) {
    throw new StartupError(`cannot write the signing key to ${path} (${firstLine(error)}); check the folder's permissions`);
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Already moved into place, or never written.
    }
  }
  // Read back what landed: another process may have published its key first.
  return parseSigningKeyFile(path, readFileSync(path, "utf8"));
}

/**
 * Moves `temporary` to `path` unless `path` already exists. A hard link fails with EEXIST instead
 * of replacing the file, so of two racing processes only the first one's key lands. File systems
 * without hard links fall back to rename, where the later writer wins.
 */
function publishFile(temporary: string, path: string): void {
  try {
    linkSync(temporary, path);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV" && code !== "ENOSYS") throw error;
  }
  if (readIfExists(path) !== undefined) return;
  renameSync(temporary, path);
  chmodSync(path, 0o600);
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StartupError(`cannot read the signing key ${path} (${firstLine(error)}); check its permissions`);
  }
}

/** Returns a warning when the signing key file can be read by other users on POSIX, else undefined. */
export function signingKeyPermissionWarning(dataDir: string): string | undefined {
  if (process.platform === "win32") return undefined;
  const path = join(dataDir, SIGNING_KEY_FILE);
  try {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) === 0) return undefined;
    return `warning: ${path} has mode ${mode.toString(8)}, so other users can read the signing key; run 'chmod 600 ${path}'`;
  } catch {
    return undefined;
  }
}

/** Returns the trusted key set made of the emulator's own signing key. */
export function ownKeySet(signingKey: SigningKey): TrustedKeySet {
  return {
    keys: [{ kid: signingKey.kid, key: signingKey.publicKey }],
    jwks: { keys: [signingKey.publicJwk] },
  };
}

/**
 * Loads a JSON Web Key Set from a file path or an http(s) URL, once, and keeps its RSA signing
 * keys. Keys marked for encryption or for another algorithm than RS256 are skipped.
 */
export async function loadJwks(source: string): Promise<TrustedKeySet> {
  const text = /^https?:\/\//i.test(source) ? await fetchJwks(source) : await readJwksFile(source);

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new StartupError(`the key set ${source} is not valid JSON (${firstLine(error)}); pass a JWKS document to --jwks`);
  }
  const entries = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(entries)) {
    throw new StartupError(`the key set ${source} has no 'keys' array; pass a JWKS document to --jwks`);
  }

  const keys: TrustedKey[] = [];
  const publicJwks: JsonWebKey[] = [];
  for (const entry of entries as JsonWebKey[]) {
    if (typeof entry !== "object" || entry === null || entry.kty !== "RSA") continue;
    if (entry.use !== undefined && entry.use !== "sig") continue;
    if (entry.alg !== undefined && entry.alg !== "RS256") continue;
    let key: KeyObject;
    try {
      key = createPublicKey({ key: { kty: "RSA", n: entry.n, e: entry.e }, format: "jwk" });
    } catch (error) {
      throw new StartupError(`the key set ${source} contains an invalid RSA key (${firstLine(error)})`);
    }
    const kid = typeof entry.kid === "string" ? entry.kid : undefined;
    keys.push({ kid, key });
    publicJwks.push({ kty: "RSA", n: entry.n, e: entry.e, ...(kid === undefined ? {} : { kid }), alg: "RS256", use: "sig" });
  }
  if (keys.length === 0) {
    throw new StartupError(`the key set ${source} contains no RSA signing key; pass a JWKS with at least one RS256 key`);
  }
  return { keys, jwks: { keys: publicJwks } };
}

async function fetchJwks(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(JWKS_FETCH_TIMEOUT_MS), redirect: "follow" });
  } catch (error) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : firstLine(error);
    throw new StartupError(`cannot fetch the key set ${url} (${reason}); check that the URL is reachable`);
  }
  if (!response.ok) {
    throw new StartupError(`cannot fetch the key set ${url}: the server returned HTTP ${response.status}; check the URL`);
  }
  return response.text();
}

async function readJwksFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new StartupError(`cannot read the key set file ${path} (${firstLine(error)}); pass a JWKS file or URL to --jwks`);
  }
}
