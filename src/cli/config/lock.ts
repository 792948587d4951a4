import { closeSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

import { CliError } from "../errors.js";
import { errorCode, messageOf } from "./system-error.js";

/** How long a process waits for another one to release the lock before it gives up. */
const LOCK_TIMEOUT_MS = 10_000;
/** Age after which a lock counts as left behind by a crashed process and is removed. */
const STALE_LOCK_MS = 30_000;
const RETRY_MIN_MS = 10;
const RETRY_JITTER_MS = 40;

/**
 * Runs `action` while holding the lock file `lockPath`, which other taskurai processes create
 * with `O_EXCL` in the same way, so only one of them changes the configuration at a time. The
 * lock is released when `action` returns or throws.
 */
export async function withConfigLock<T>(lockPath: string, action: () => T): Promise<T> {
  await acquire(lockPath);
  try {
    return action();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

async function acquire(lockPath: string): Promise<void> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;

  for (;;) {
    if (tryCreate(lockPath)) return;

    const age = lockAge(lockPath);
    if (age === undefined) continue;
    // NOTE: two processes that find the same stale lock can both remove it, and the second
    // removal may then delete the lock the first one just created. That needs a crashed
    // holder plus two writers within milliseconds of each other.
    if (age > STALE_LOCK_MS) {
      rmSync(lockPath, { force: true });
      continue;
    }

    if (Date.now() >= deadline) {
      throw new CliError(
        `timed out after ${LOCK_TIMEOUT_MS / 1000} s waiting for the configuration lock ${lockPath}; ` +
          `another taskurai process is changing the configuration, so try again, or delete ${lockPath} if no taskurai process is running`,
      );
    }
    await sleep(RETRY_MIN_MS + Math.random() * RETRY_JITTER_MS);
  }
}

/** Creates the lock file and returns true, or returns false when it exists already. */
function tryCreate(lockPath: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, "wx", 0o600);
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw new CliError(`failed to create the configuration lock ${lockPath}: ${messageOf(error)}`, undefined, { cause: error });
  }

  try {
    // The process id lets a person who finds a left-behind lock see which process created it.
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Returns the lock file's age in milliseconds, or undefined when the file is gone. */
function lockAge(lockPath: string): number | undefined {
  try {
    return Date.now() - statSync(lockPath).mtimeMs;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw new CliError(`failed to read the configuration lock ${lockPath}: ${messageOf(error)}`, undefined, { cause: error });
  }
}
