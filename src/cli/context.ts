import type { ApiClient } from "../client/api-client.js";
import { createCredential, type AccessToken, type TaskuraiCredential } from "./credential.js";
import type { Io } from "./io.js";
import { loadActiveProfile, requireNamedProfile, type ActiveProfile } from "./config/profile.js";
import {
  resolveEndpoint,
  resolveOutputFormat,
  resolveSetting,
  type GlobalFlags,
  type OutputFormat,
  type SettingLayers,
} from "./settings.js";
import { redact } from "../client/redact.js";

/** Everything a command needs from the outside world, so commands never reach for globals. */
export interface CommandContext {
  io: Io;
  env: NodeJS.ProcessEnv;
  flags: GlobalFlags;
  /** Flag, environment and profile values that settings resolve from. */
  layers: SettingLayers;
  /** The selected configuration profile, read from the configuration file on the first call. */
  activeProfile(): ActiveProfile;
  /** The output format, resolved from flags, environment and terminal. */
  outputFormat(): OutputFormat;
  /** Creates the API client; loads the HTTP stack and schemas only when called. */
  client(): Promise<ApiClient>;
  credential(): TaskuraiCredential;
  /** The token the API client last sent, for explaining a 401; undefined before the first request. */
  sentToken(): AccessToken | undefined;
  /** Writes a diagnostic line to stderr when `--debug` is on; secrets are redacted. */
  debug(line: string): void;
  now(): Date;
}

/** Builds the context of one command invocation. */
export function createContext(io: Io, env: NodeJS.ProcessEnv, flags: GlobalFlags): CommandContext {
  let credential: TaskuraiCredential | undefined;
  let sentToken: AccessToken | undefined;
  const debugEnabled = flags.debug === true;
  let active: ActiveProfile | undefined;
  const activeProfile = () => (active ??= loadActiveProfile(flags, env));
  const layers: SettingLayers = {
    flags: { ...flags },
    env,
    // A getter, because resolveSetting reads the profile only when no flag or variable sets the key:
    // the configuration file is read only by an invocation that needs a value from it.
    get profile() {
      return activeProfile().values;
    },
  };

  const context: CommandContext = {
    io,
    env,
    flags,
    layers,
    activeProfile,
    outputFormat: () => resolveOutputFormat(layers, io.stdoutIsTTY).value,
    credential: () => (credential ??= createCredential({ env, io, layers, debug: context.debug })),
    sentToken: () => sentToken,
    debug: (line) => {
      if (debugEnabled) io.stderr.write(`debug: ${redact(line)}\n`);
    },
    now: () => new Date(),
    client: async () => {
      if (resolveSetting("endpoint", layers) === undefined) requireNamedProfile(activeProfile());
      const endpoint = resolveEndpoint(layers).value;
      const { ApiClient } = await import("../client/api-client.js");
      return new ApiClient({
        endpoint,
        getBearer: async () => {
          sentToken = await context.credential().getToken();
          return sentToken.token;
        },
        debug: debugEnabled ? context.debug : undefined,
      });
    },
  };
  return context;
}
