import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Returns the CLI's configuration folder: `$XDG_CONFIG_HOME/taskurai` (default `~/.config/taskurai`)
 * on Linux, `%APPDATA%\taskurai` on Windows and `~/Library/Application Support/taskurai` on macOS.
 * `TASKURAI_CONFIG_DIR` overrides it on every platform.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.TASKURAI_CONFIG_DIR) return env.TASKURAI_CONFIG_DIR;
  if (platform === "win32") return join(env.APPDATA ?? join(homedir(), "AppData", "Roaming"), "taskurai");
  if (platform === "darwin") return join(homedir(), "Library", "Application Support", "taskurai");
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "taskurai");
}

/**
 * Returns the CLI's cache folder: `$XDG_CACHE_HOME/taskurai` (default `~/.cache/taskurai`) on Linux,
 * `%LOCALAPPDATA%\taskurai\cache` on Windows and `~/Library/Caches/taskurai` on macOS.
 * `TASKURAI_CACHE_DIR` overrides it on every platform.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.TASKURAI_CACHE_DIR) return env.TASKURAI_CACHE_DIR;
  if (platform === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "taskurai", "cache");
  if (platform === "darwin") return join(homedir(), "Library", "Caches", "taskurai");
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "taskurai");
}
