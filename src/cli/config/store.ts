import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";

import { CliError } from "../errors.js";
import { configDir } from "../paths.js";
import { ConfigDocument } from "./file.js";

export const CONFIG_FILE_NAME = "config.toml";

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
    if (errorCode(error) === "ENOENT") return { path, exists: false, document: ConfigDocument.empty() };
    throw new CliError(`cannot read configuration file ${path}: ${messageOf(error)}`, undefined, { cause: error });
  }
  return { path, exists: true, document: ConfigDocument.parse(text, path) };
}

/**
 * Writes `document` to `path` atomically: the text goes to a temporary file in the same folder,
 * readable and writable by the user only, which then replaces the file in one rename. A reader
 * sees the old file or the new one, never a partial write. A new folder is created user-only too.
 */
// NOTE: Windows ignores the POSIX mode bits; there the file inherits the folder's access list,
// which for %APPDATA% is the user's own. Two concurrent writers can lose one of their changes.
export function writeConfig(path: string, document: ConfigDocument): void {
  const folder = dirname(path);
  const temporary = join(folder, `.${CONFIG_FILE_NAME}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);

  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const fd = openSync(temporary, "wx", 0o600);
    try {
      writeSync(fd, document.toString());
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new CliError(`cannot write configuration file ${path}: ${messageOf(error)}`, undefined, { cause: error });
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
