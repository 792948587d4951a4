import type { ApiClient } from "../client/api-client.js";
import { createCredential, type TaskuraiCredential } from "./credential.js";
import type { Io } from "./io.js";
import { resolveEndpoint, resolveOutputFormat, type GlobalFlags, type OutputFormat } from "./settings.js";
import { redact } from "../client/redact.js";

/** Everything a command needs from the outside world, so commands never reach for globals. */
export interface CommandContext {
  io: Io;
  env: NodeJS.ProcessEnv;
  flags: GlobalFlags;
  /** The output format, resolved from flags, environment and terminal. */
  outputFormat(): OutputFormat;
  /** Creates the API client; loads the HTTP stack and schemas only when called. */
  client(): Promise<ApiClient>;
  credential(): TaskuraiCredential;
  /** Writes a diagnostic line to stderr when `--debug` is on; secrets are redacted. */
  debug(line: string): void;
  now(): Date;
}

/** Builds the context of one command invocation. */
export function createContext(io: Io, env: NodeJS.ProcessEnv, flags: GlobalFlags): CommandContext {
  let credential: TaskuraiCredential | undefined;
  const debugEnabled = flags.debug === true;

  const context: CommandContext = {
    io,
    env,
    flags,
    outputFormat: () => resolveOutputFormat(flags, env, io.stdoutIsTTY).value,
    credential: () => (credential ??= createCredential(env)),
    debug: (line) => {
      if (debugEnabled) io.stderr.write(`debug: ${redact(line)}\n`);
    },
    now: () => new Date(),
    client: async () => {
      const endpoint = resolveEndpoint(flags, env).value;
      const { ApiClient } = await import("../client/api-client.js");
      return new ApiClient({
        endpoint,
        getBearer: async () => (await context.credential().getToken()).token,
        debug: debugEnabled ? context.debug : undefined,
      });
    },
  };
  return context;
}
