import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { afterAll } from "vitest";

/** Path of the emulator's launcher; it runs the built code in dist/, so build before testing. */
export const EMULATOR_BIN = fileURLToPath(new URL("../../bin/taskurai-emulator.js", import.meta.url));

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

const execFileAsync = promisify(execFile);

/** An emulator child process started by `startEmulator`. */
export interface EmulatorProcess {
  /** Base URL from the first stdout line, for example `http://127.0.0.1:41234`. */
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the child wrote to stdout and stderr so far, in arrival order. */
  logs(): string;
  /** Sends SIGTERM, waits for the exit (SIGKILL after 5 s) and removes a data folder the helper created. */
  stop(): Promise<void>;
  /** Resolves with the exit code and signal once the child has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();
const pendingStops = new Set<() => Promise<void>>();

// Stops every emulator that a test file left running and removes the data folders the helper
// created, so no process or folder outlives the test run.
afterAll(async () => {
  await Promise.all([...pendingStops].map((stop) => stop()));
  await Promise.all([...running].map((child) => terminate(child)));
});
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      running.delete(child);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Creates an empty temporary folder for an emulator's data. */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), "taskurai-emulator-test-"));
}

/**
 * Starts the built emulator as a child process on 127.0.0.1 with `--port 0` and waits for the
 * URL line. Without `dataDir` it uses a new temporary folder and deletes it on stop. Later
 * `args` override the defaults, so `args: ["--port", "9000"]` works.
 * Rejects after 10 s, or when the child exits first, with the child's stderr in the message.
 */
export async function startEmulator(
  options: { args?: string[]; dataDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<EmulatorProcess> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? makeDataDir();
  const child = spawn(
    process.execPath,
    [EMULATOR_BIN, "--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir, ...(options.args ?? [])],
    { env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);

  let output = "";
  let stderr = "";
  let firstLine = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk: string) => {
    output += chunk;
    stderr += chunk;
  });

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  const url = await new Promise<string>((resolve, reject) => {
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.off("data", readFirstLine);
      child.kill("SIGKILL");
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
      reject(new Error(`the emulator did not start: ${reason}; stderr: ${stderr.trim() || "(empty)"}`));
    };
    const readFirstLine = (chunk: string) => {
      firstLine += chunk;
      const newline = firstLine.indexOf("\n");
      if (newline === -1) return;
      const line = firstLine.slice(0, newline);
      const match = /https?:\/\/\S+/.exec(line);
      if (match === null) {
        fail(`unexpected first stdout line '${line}'`);
        return;
      }
      settled = true;
      clearTimeout(timer);
      child.stdout.off("data", readFirstLine);
      resolve(match[0]);
    };
    const timer = setTimeout(() => fail(`no URL line on stdout within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.stdout.on("data", readFirstLine);
    void exited.then(({ code, signal }) => fail(`it exited with code ${code} (signal ${signal})`));
  });

  const stop = async () => {
    pendingStops.delete(stop);
    await terminate(child);
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  pendingStops.add(stop);
  return { url, dataDir, child, logs: () => output, exited, stop };
}

/** Options of `taskurai-emulator token`. */
export interface MintOptions {
  user?: string;
  tenant?: string;
  audience?: string;
  /** Negative values give a token that expired that many minutes ago. */
  validMinutes?: number;
}

/** Runs `taskurai-emulator token` with the signing key of `dataDir` and returns the access token. */
export async function mintAccessToken(dataDir: string, options: MintOptions = {}): Promise<string> {
  const args = [EMULATOR_BIN, "token", "--data-dir", dataDir];
  if (options.user !== undefined) args.push("--user", options.user);
  if (options.tenant !== undefined) args.push("--tenant", options.tenant);
  if (options.audience !== undefined) args.push("--audience", options.audience);
  if (options.validMinutes !== undefined) args.push("--valid-minutes", String(options.validMinutes));
  const { stdout } = await execFileAsync(process.execPath, args, { timeout: START_TIMEOUT_MS });
  return stdout.trim();
}

/** Runs the emulator command to completion and returns its exit code and output, for argument tests. */
export async function runEmulatorCommand(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; bin?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [options.bin ?? EMULATOR_BIN, ...args],
      { env: { ...process.env, ...options.env }, cwd: options.cwd, timeout: START_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(error);
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}
