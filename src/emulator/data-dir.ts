import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

const FOLDER_NAME = "taskurai-emulator";

/** Environment variable that sets the data folder when `--data-dir` is absent. */
export const DATA_DIR_ENV = "TASKURAI_EMULATOR_DATA_DIR";

/**
 * Returns the per-user data folder of the emulator on this platform:
 * `%LOCALAPPDATA%\taskurai-emulator` on Windows, `~/Library/Application Support/taskurai-emulator`
 * on macOS, and `$XDG_DATA_HOME/taskurai-emulator` or `~/.local/share/taskurai-emulator` elsewhere.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === "win32") {
    const localAppData = env.LOCALAPPDATA || join(homedir(), "AppData", "Local");
    return join(localAppData, FOLDER_NAME);
  }
  if (platform === "darwin") {
    return join(homedir(), "Library", "Application Support", FOLDER_NAME);
  }
  // The XDG Base Directory specification ignores relative values of XDG_DATA_HOME.
  const xdgDataHome = env.XDG_DATA_HOME;
  if (xdgDataHome && isAbsolute(xdgDataHome)) return join(xdgDataHome, FOLDER_NAME);
  return join(homedir(), ".local", "share", FOLDER_NAME);
}

/** Resolves the data folder: the `--data-dir` value, else the environment variable, else the default. */
export function resolveDataDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = option ?? (env[DATA_DIR_ENV] || undefined) ?? defaultDataDir(env);
  return resolve(chosen);
}
