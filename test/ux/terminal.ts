import pty from "node-pty";

import { baseEnv, CLI_BIN } from "../helpers/cli.js";

/** Removes ANSI escape sequences, so tests match what a person reads on the screen. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[=>()][0-9A-Za-z]?/g, "");
}

/** Keys as a terminal sends them. */
export const KEYS = { space: " ", down: "\u001b[B", enter: "\r", ctrlC: "\u0003" } as const;

export interface TerminalExit {
  exitCode: number;
  signal?: number;
}

/** The built CLI running in a pseudo-terminal. */
export interface TerminalRun {
  /**
   * Waits until the output (ANSI removed) after the previous match contains `text`, failing with
   * the output on timeout or early exit.
   */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  write(keys: string): void;
  /** Resolves when the process ends; rejects with the output when it has not ended in time. */
  exit(timeoutMs?: number): Promise<TerminalExit>;
  /** Everything written to the terminal so far, ANSI removed. */
  output(): string;
  kill(): void;
}

/**
 * Starts the CLI in a pseudo-terminal, so stdin and stdout are terminals and it may prompt.
 * `CI` is removed from the inherited environment, because a set `CI` turns prompting off; `env`
 * may still set it.
 */
export function runInTerminal(args: string[], env: Record<string, string>): TerminalRun {
  const inherited: Record<string, string> = baseEnv();
  delete inherited.CI;
  const fullEnv = { ...inherited, TERM: "xterm-256color", ...env };

  const child = pty.spawn(process.execPath, [CLI_BIN, ...args], { name: "xterm-256color", cols: 160, rows: 40, env: fullEnv });
  let raw = "";
  let matchedUpTo = 0;
  let waiting: (() => void) | undefined;
  let exited: TerminalExit | undefined;
  const exitListeners: ((exit: TerminalExit) => void)[] = [];

  child.onData((data) => {
    raw += data;
    waiting?.();
  });
  child.onExit((exit) => {
    exited = exit;
    for (const listener of exitListeners) listener(exit);
    waiting?.();
  });

  const output = () => stripAnsi(raw);

  return {
    output,
    write: (keys) => child.write(keys),
    kill: () => {
      if (exited === undefined) child.kill();
    },
    waitFor: (text, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = output().indexOf(text, matchedUpTo);
          if (found >= 0) {
            matchedUpTo = found + text.length;
            clearTimeout(timer);
            waiting = undefined;
            resolve();
          } else if (exited !== undefined) {
            clearTimeout(timer);
            reject(new Error(`process exited (${exited.exitCode}) before showing '${text}'.\nscreen:\n${output()}`));
          }
        };
        const timer = setTimeout(() => {
          waiting = undefined;
          reject(new Error(`timed out waiting for '${text}'.\nscreen:\n${output()}`));
        }, timeoutMs);
        waiting = check;
        check();
      }),
    exit: (timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        if (exited !== undefined) return resolve(exited);
        const timer = setTimeout(() => reject(new Error(`process still running.\nscreen:\n${output()}`)), timeoutMs);
        exitListeners.push((exit) => {
          clearTimeout(timer);
          resolve(exit);
        });
      }),
  };
}
