import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { CliError } from "../errors.js";

/** A cached token is used only while it has at least this long to live. */
export const CACHE_MARGIN_MS = 5 * 60 * 1000;

const CACHE_FILE_NAME = "access-tokens.json";
const CACHE_VERSION = 1;

/** Scope of a cached token: a token obtained for one key is never sent for another. */
export interface CacheKey {
  endpoint: string;
  audience: string;
  tenant: string | undefined;
  /** The `--auth` selection, or `chain` for the default chain. */
  selection: string;
}

/** An access token the CLI received, with the credential that produced it. */
export interface CachedToken {
  token: string;
  /** Milliseconds since the epoch. */
  expiresOnTimestamp: number;
  credential: string;
}

interface CacheFile {
  version: number;
  entries: Record<string, CachedToken>;
}

function isCachedToken(value: unknown): value is CachedToken {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.token === "string" && typeof entry.expiresOnTimestamp === "number" && typeof entry.credential === "string";
}

/**
 * File cache of access tokens across invocations, so a second command does not run `az` again.
 * It stores only access tokens the CLI received, never a tool's refresh token, in a file that
 * only the user can read (mode 0600). A file that cannot be read or parsed counts as empty
 * and is replaced on the next write.
 */
export class TokenCache {
  constructor(readonly file: string) {}

  /** Returns the cache in `folder`, such as `cacheDir()`. */
  static in(folder: string): TokenCache {
    return new TokenCache(join(folder, CACHE_FILE_NAME));
  }

  /** Returns the token stored for `key` when it is valid for longer than CACHE_MARGIN_MS. */
  get(key: CacheKey, now: number): CachedToken | undefined {
    const entry = this.read().entries[keyString(key)];
    if (entry === undefined || entry.expiresOnTimestamp - CACHE_MARGIN_MS <= now) return undefined;
    return entry;
  }

  /** Stores `entry` for `key` and drops entries that have expired. */
  set(key: CacheKey, entry: CachedToken, now: number): void {
    const cache = this.read();
    for (const [name, existing] of Object.entries(cache.entries)) {
      if (existing.expiresOnTimestamp <= now) delete cache.entries[name];
    }
    cache.entries[keyString(key)] = entry;
    this.write(cache);
  }

  /** Removes the entry of `key` when it contains `token`, such as a token the API rejected. */
  forget(key: CacheKey, token: string): void {
    const cache = this.read();
    const name = keyString(key);
    if (cache.entries[name]?.token !== token) return;
    delete cache.entries[name];
    this.write(cache);
  }

  /** Deletes the cache file; returns true when there was one. */
  clear(): boolean {
    try {
      rmSync(this.file);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw new CliError(`cannot delete the token cache ${this.file} (${(error as NodeJS.ErrnoException).code ?? "error"}); remove it by hand`, undefined, { cause: error });
    }
  }

  private read(): CacheFile {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch {
      return emptyCache();
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return emptyCache();
    }
    if (typeof parsed !== "object" || parsed === null) return emptyCache();

    const file = parsed as Record<string, unknown>;
    if (file.version !== CACHE_VERSION || typeof file.entries !== "object" || file.entries === null) return emptyCache();
    const entries: Record<string, CachedToken> = {};
    for (const [name, value] of Object.entries(file.entries)) {
      if (isCachedToken(value)) entries[name] = value;
    }
    return { version: CACHE_VERSION, entries };
  }

  private write(cache: CacheFile): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    // Writing a fresh file and renaming it over the old one means a reader never sees half a
    // file, and the mode applies even when an older file had a wider one.
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify(cache)}\n`, { mode: 0o600 });
      chmodSync(temporary, 0o600);
      renameSync(temporary, this.file);
    } catch (error) {
      // The temporary file contains live access tokens, so it must not outlive a failed write.
      rmSync(temporary, { force: true });
      throw error;
    }
  }
}

function emptyCache(): CacheFile {
  return { version: CACHE_VERSION, entries: {} };
}

function keyString(key: CacheKey): string {
  return JSON.stringify([key.endpoint, key.audience, key.tenant ?? "", key.selection]);
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
