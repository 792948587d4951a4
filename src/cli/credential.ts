import { EntraCredential } from "./auth/entra-credential.js";
import { AuthError } from "./errors.js";
import type { Io } from "./io.js";
import { cacheDir, configDir } from "./paths.js";
import {
  DEFAULT_AUTH_TIMEOUT_SECONDS,
  DEFAULT_INTERACTIVE_AUTH_TIMEOUT_SECONDS,
  ENV,
  resolveAudience,
  resolveAuthName,
  resolveSetting,
  resolveTenant,
  resolveTimeoutSeconds,
  type SettingLayers,
} from "./settings.js";

/** An access token for the Taskurai API and the credential that produced it. */
export interface AccessToken {
  token: string;
  /** Milliseconds since the epoch, or undefined when the credential does not report an expiry. */
  expiresOnTimestamp?: number;
  /** Name of the credential that produced the token, such as `azure-cli`. */
  credential?: string;
  /** True when the token came from the CLI's token cache instead of a credential. */
  fromCache?: boolean;
}

/** The one seam through which commands obtain access tokens. */
export interface TaskuraiCredential {
  /** Short name shown in messages, such as `access-token`, `azure-cli` or `chain`. */
  readonly name: string;
  getToken(): Promise<AccessToken>;
  /** Forgets `token` after the API rejected it, so the next call requests a new one from the credential. */
  invalidate?(token: string): Promise<void>;
}

/** Uses the bearer token in `TASKURAI_ACCESS_TOKEN` as it is. */
export class EnvironmentAccessTokenCredential implements TaskuraiCredential {
  readonly name = "access-token";

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async getToken(): Promise<AccessToken> {
    // A pasted "Bearer " prefix is dropped, since the client adds its own.
    const token = this.env[ENV.accessToken]?.trim().replace(/^Bearer\s+/i, "");
    if (!token) {
      throw new AuthError(
        `not signed in: set ${ENV.accessToken} to an access token for the Taskurai API (for the emulator: export ${ENV.accessToken}=$(taskurai-emulator token))`,
      );
    }
    // An HTTP header cannot carry these characters; the value is not shown because it is a secret.
    if (/[^\x21-\x7e]/.test(token)) {
      throw new AuthError(`${ENV.accessToken} contains spaces, line breaks or other characters an access token cannot have; set it to the token alone`);
    }
    return { token, credential: this.name, fromCache: false };
  }
}

/** Inputs of `createCredential`: settings, streams for sign-in prompts, and diagnostics. */
export interface CredentialInputs {
  env: NodeJS.ProcessEnv;
  io: Io;
  layers: SettingLayers;
  debug: (line: string) => void;
  now?: () => number;
}

/**
 * Builds the credential commands use: `--auth` picks one credential; without it a token in
 * `TASKURAI_ACCESS_TOKEN` wins, and otherwise the Microsoft Entra ID chain runs.
 */
export function createCredential(inputs: CredentialInputs): TaskuraiCredential {
  const { env, layers } = inputs;
  const selection = resolveAuthName(layers);
  if (selection === "access-token" || (selection === undefined && env[ENV.accessToken]?.trim())) {
    return new EnvironmentAccessTokenCredential(env);
  }

  return new EntraCredential({
    env,
    io: inputs.io,
    selection,
    tenant: resolveTenant(layers),
    audience: resolveAudience(layers).value,
    endpoint: resolveSetting("endpoint", layers)?.value.replace(/\/+$/, "") ?? "",
    toolTimeoutMs: resolveTimeoutSeconds(env, ENV.authTimeout, DEFAULT_AUTH_TIMEOUT_SECONDS) * 1000,
    interactiveTimeoutMs:
      resolveTimeoutSeconds(env, ENV.interactiveAuthTimeout, DEFAULT_INTERACTIVE_AUTH_TIMEOUT_SECONDS) * 1000,
    cacheFolder: cacheDir(env),
    configFolder: configDir(env),
    debug: inputs.debug,
    now: inputs.now ?? Date.now,
  });
}
