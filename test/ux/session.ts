import { join } from "node:path";

import Database from "better-sqlite3";

import { runCli, type CliRun, type RunCliOptions } from "../helpers/cli.js";
import { mintAccessToken, startEmulator } from "../helpers/emulator.js";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** A running emulator shared by the tests of one file. */
export interface Session {
  emulator: Emulator;
  /** Signs in as a new user with no tokens, so each test starts from an empty list. */
  newUser(): Promise<User>;
  stop(): Promise<void>;
}

/** One signed-in user of the emulator and how to run the CLI as that user. */
export interface User {
  env: Record<string, string>;
  run(args: string[], options?: RunCliOptions): Promise<CliRun>;
  /** Creates tokens through the CLI, failing when one is not created. */
  createTokens(...names: string[]): Promise<void>;
}

let userCount = 0;

/** Starts an emulator with a temporary data folder. */
export async function startSession(): Promise<Session> {
  const emulator = await startEmulator();

  const newUser = async (): Promise<User> => {
    userCount += 1;
    const token = await mintAccessToken(emulator.dataDir, { user: `ux-user-${process.pid}-${userCount}` });
    const env = { TASKURAI_ENDPOINT: emulator.url, TASKURAI_ACCESS_TOKEN: token };
    const run = (args: string[], options: RunCliOptions = {}) => runCli(args, { ...options, env: { ...env, ...options.env } });
    return {
      env,
      run,
      createTokens: async (...names) => {
        for (const name of names) {
          const created = await run(["pat", "create", "--name", name, "--scopes", "Taskurai.Task.Read", "-o", "json"]);
          if (created.code !== 0) throw new Error(`creating '${name}' failed: ${created.stderr}`);
        }
      },
    };
  };

  return { emulator, newUser, stop: async () => emulator.stop() };
}

/**
 * Sets the expiry of every token called `name` directly in the emulator's SQLite file, to make
 * tokens expired or expiring without waiting. Token names are unique per test in this folder.
 */
export function setExpiry(dataDir: string, name: string, expiresAt: Date): void {
  const db = new Database(join(dataDir, "taskurai-emulator.db"));
  try {
    db.pragma("busy_timeout = 5000");
    const changed = db.prepare("UPDATE pats SET expires_at = ? WHERE name = ?").run(expiresAt.toISOString(), name).changes;
    if (changed === 0) throw new Error(`no token named '${name}' in the emulator database`);
  } finally {
    db.close();
  }
}

/** Returns a date `days` days from now (negative for the past). */
export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000);
}
