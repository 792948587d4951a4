import { AuthError } from "./errors.js";
import { ENV } from "./settings.js";

/** An access token for the Taskurai API and the credential that produced it. */
export interface AccessToken {
  token: string;
  /** Milliseconds since the epoch, or undefined when the credential does not say. */
  expiresOnTimestamp?: number;
}

/** The one seam through which commands obtain access tokens. */
export interface TaskuraiCredential {
  /** Short name shown in messages, such as `access-token`. */
  readonly name: string;
  getToken(): Promise<AccessToken>;
}

/** Uses the bearer token in `TASKURAI_ACCESS_TOKEN` as it is. */
export class EnvironmentAccessTokenCredential implements TaskuraiCredential {
  readonly name = "access-token";

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async getToken(): Promise<AccessToken> {
    const token = this.env[ENV.accessToken]?.trim();
    if (!token) {
      throw new AuthError(
        `not signed in: set ${ENV.accessToken} to an access token for the Taskurai API (for the emulator: export ${ENV.accessToken}=$(taskurai-emulator token))`,
      );
    }
    return { token };
  }
}

/** Builds the credential commands use. */
export function createCredential(env: NodeJS.ProcessEnv): TaskuraiCredential {
  return new EnvironmentAccessTokenCredential(env);
}
