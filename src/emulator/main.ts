import { readFileSync } from "node:fs";

import { mintAccessToken } from "./access-token.js";
import { startEmulator, type RunningEmulator } from "./emulator.js";
import { StartupError, firstLine } from "./errors.js";
import { PROGRAM, START_HELP, TOKEN_HELP, parseCommandLine, type StartOptions } from "./options.js";

export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./emulator.js";

function readVersion(): string {
  const packageJson = new URL("../../package.json", import.meta.url);
  const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version?: string };
  return version ?? "unknown";
}

function printError(error: unknown, debug: boolean): number {
  if (error instanceof StartupError) {
    process.stderr.write(`${PROGRAM}: ${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  process.stderr.write(`${PROGRAM}: unexpected error: ${firstLine(error)}${debug ? "" : " (run with --debug for details)"}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}

/**
 * Runs the `taskurai-emulator` command with `argv` as in `process.argv` and resolves with the
 * exit code. For `start` it resolves only after SIGINT or SIGTERM has stopped the server.
 */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  const args = argv.slice(2);
  const debug = args.includes("--debug");
  try {
    const command = parseCommandLine(args);
    switch (command.kind) {
      case "help":
        process.stdout.write(command.topic === "token" ? TOKEN_HELP : START_HELP);
        return 0;
      case "version":
        process.stdout.write(`${readVersion()}\n`);
        return 0;
      case "token":
        process.stdout.write(`${mintAccessToken(command.options)}\n`);
        return 0;
      case "start":
        return await runServer(command.options);
    }
  } catch (error) {
    return printError(error, debug);
  }
}

async function runServer(options: StartOptions): Promise<number> {
  // The handlers go in before the URL line is printed: a script may signal as soon as it reads
  // that line, and without a handler the signal would kill the process with no clean stop.
  let stop: () => void = () => {};
  const stopRequested = new Promise<void>((resolve) => {
    stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });

  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
      port: options.port,
      host: options.host,
      dataDir: options.dataDir,
      inMemory: options.inMemory,
      jwks: options.jwks,
      audiences: options.audiences,
      maxValidMinutes: options.maxValidMinutes,
      onRequestLog: options.quiet ? undefined : (line) => process.stdout.write(`${line}\n`),
    });
  } catch (error) {
    stop();
    throw error;
  }
  // Tests and scripts read the URL from this first line of stdout.
  process.stdout.write(`Taskurai emulator listening on ${emulator.url}\n`);

  await stopRequested;
  await emulator.close();
  process.stdout.write("Taskurai emulator stopped\n");
  return 0;
}
