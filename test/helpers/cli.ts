import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Path of the built CLI's entry script. */
export const CLI_BIN = fileURLToPath(new URL("../../bin/taskurai.js", import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** Variables added to a minimal environment (PATH, HOME and the temp folder only). */
  env?: Record<string, string | undefined>;
  /** Text written to stdin; stdin is closed either way, so nothing can wait for input. */
  input?: string;
  /** Node options placed before the script, such as `--import`. */
  nodeArgs?: string[];
  /** Milliseconds before the process is killed; the test then fails on the signal. */
  killAfterMs?: number;
}

/** Environment the CLI runs with in tests: nothing from the developer's shell leaks in. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", NO_COLOR: "1" };
  for (const name of ["HOME", "TMPDIR", "SystemRoot"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Runs the built CLI as a child process with stdin and stdout not connected to a terminal. */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = baseEnv();
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }

  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI_BIN, ...args], { env, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Parses stdout of a `--output json` run, failing with the run's output when it is not JSON. */
export function parseJson<T = unknown>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}).\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}
