import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";

import { CliError, UsageError } from "../errors.js";
import { configDir } from "../paths.js";
import { ConfigDocument } from "./file.js";
import { withConfigLock } from "./lock.js";
import { errorCode, messageOf } from "./system-error.js";

export const CONFIG_FILE_NAME = "config.toml";

/** Symbolic links followed before giving up, the limit Linux applies to path lookups. */
const MAX_LINK_HOPS = 40;

/** A configuration file as read from disk; `exists` is false when there was no file. */
export interface LoadedConfig {
  path: string;
  exists: boolean;
  document: ConfigDocument;
}

/** Returns the path of the configuration file: `config.toml` in the configuration folder. */
export function configFilePath(env: NodeJS.ProcessEnv): string {
  return join(configDir(env), CONFIG_FILE_NAME);
}

/** Reads and parses the configuration file; a missing file gives an empty document. */
export function readConfig(env: NodeJS.ProcessEnv): LoadedConfig {
  const path = configFilePath(env);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT") return { path, exists: false, document: ConfigDocument.empty() };
    if (code === "EISDIR") {
      throw new UsageError(`invalid configuration file ${path}: it is a directory, not a file; remove or rename that directory`, {
        cause: error,
      });
    }
    throw new CliError(`cannot read configuration file ${path}: ${messageOf(error)}`, undefined, { cause: error });
  }
  return { path, exists: true, document: ConfigDocument.parse(text, path) };
}

/**
 * Reads the configuration file, lets `change` edit the document and writes it back when `change`
 * returns true. The steps run while this process owns `config.toml.lock` in the configuration
 * folder, so concurrent taskurai processes do not overwrite each other's changes.
 */
export async function updateConfig(
  env: NodeJS.ProcessEnv,
  change: (document: ConfigDocument) => boolean,
): Promise<{ path: string; changed: boolean }> {
  const path = configFilePath(env);
  createFolder(dirname(path));

  return withConfigLock(`${path}.lock`, () => {
    const config = readConfig(env);
    const changed = change(config.document);
    if (changed) writeConfig(config.path, config.document);
    return { path: config.path, changed };
  });
}

/**
 * Writes `document` to `path` atomically: the text goes to a temporary file in the same folder,
 * readable and writable by the user only, which then replaces the file in one rename. A reader
 * sees the old file or the new one, never a partial write. When `path` is a symbolic link, the
 * file it points at is replaced and the link is kept.
 */
// NOTE: Windows ignores the POSIX mode bits; there the file inherits the folder's access list,
// which for %APPDATA% is the user's own.
function writeConfig(path: string, document: ConfigDocument): void {
  let temporary: string | undefined;

  try {
    const target = followLinks(path);
    const folder = dirname(target);
    createFolder(folder);
    temporary = join(folder, `.${CONFIG_FILE_NAME}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);

    const fd = openSync(temporary, "wx", 0o600);
    try {
      writeSync(fd, document.toString());
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    if (temporary !== undefined) rmSync(temporary, { force: true });
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot write configuration file ${path}: ${messageOf(error)}`, undefined, { cause: error });
  }
}

/** Creates `folder` and its parents, user-only, unless it exists. */
function createFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new CliError(`failed to create configuration folder ${folder}: ${messageOf(error)}`, undefined, { cause: error });
  }
}

/**
 * Follows `path` through symbolic links to the file they end at. Unlike `realpath`, this also
 * works for a link whose target does not exist yet, which the write then creates.
 */
function followLinks(path: string): string {
  let current = path;
  for (let hops = 0; hops < MAX_LINK_HOPS; hops++) {
    try {
      if (!lstatSync(current).isSymbolicLink()) return current;
    } catch (error) {
      if (errorCode(error) === "ENOENT") return current;
      throw error;
    }
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new Error(`more than ${MAX_LINK_HOPS} symbolic links to follow`);
}
