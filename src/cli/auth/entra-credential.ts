import type { AccessToken, TaskuraiCredential } from "../credential.js";
import type { Io } from "../io.js";
import { AuthRecordStore } from "./auth-record.js";
import { runChain } from "./chain.js";
import type { AuthName } from "./names.js";
import { defaultSteps, stepNamed, type CredentialStep, type IdentityModule } from "./steps.js";
import { TokenCache, type CacheKey } from "./token-cache.js";

/** Settings of the Microsoft Entra ID credential, resolved by the caller. */
export interface EntraCredentialOptions {
  env: NodeJS.ProcessEnv;
  io: Io;
  /** The credential `--auth` selected, or undefined for the default chain. */
  selection: Exclude<AuthName, "access-token"> | undefined;
  tenant: string | undefined;
  audience: string;
  /** Endpoint the token is for, part of the cache key; empty when none is set. */
  endpoint: string;
  toolTimeoutMs: number;
  interactiveTimeoutMs: number;
  cacheFolder: string;
  configFolder: string;
  debug: (line: string) => void;
  now: () => number;
}

/**
 * Gets access tokens from the Microsoft Entra ID credential chain, or from the one credential
 * `--auth` selects, and keeps them in the file cache. @azure/identity is imported only when
 * the cache has no usable token.
 */
export class EntraCredential implements TaskuraiCredential {
  readonly name: string;
  readonly cache: TokenCache;
  readonly records: AuthRecordStore;
  private readonly key: CacheKey;

  constructor(private readonly options: EntraCredentialOptions) {
    this.name = options.selection ?? "chain";
    this.cache = TokenCache.in(options.cacheFolder);
    this.records = AuthRecordStore.in(options.configFolder);
    this.key = {
      endpoint: options.endpoint,
      audience: options.audience,
      tenant: options.tenant,
      selection: this.name,
    };
  }

  /** Returns the steps this credential tries, in order. */
  steps(): CredentialStep[] {
    return this.options.selection === undefined ? defaultSteps(this.options.env) : [stepNamed(this.options.selection)];
  }

  async getToken(): Promise<AccessToken> {
    const { debug, now } = this.options;
    const cached = this.cache.get(this.key, now());
    if (cached !== undefined) {
      debug(`auth: using the cached token from ${cached.credential} (${this.cache.file})`);
      return { ...cached, fromCache: true };
    }

    const identity: IdentityModule = await import("@azure/identity");
    const result = await runChain(
      this.steps(),
      {
        identity,
        scope: `${this.options.audience}/.default`,
        tenant: this.options.tenant,
        env: this.options.env,
        io: this.options.io,
        toolTimeoutMs: this.options.toolTimeoutMs,
        interactiveTimeoutMs: this.options.interactiveTimeoutMs,
        records: this.records,
      },
      debug,
    );

    this.store(result.token, result.expiresOnTimestamp, result.credential);
    return { token: result.token, expiresOnTimestamp: result.expiresOnTimestamp, credential: result.credential, fromCache: false };
  }

  async invalidate(token: string): Promise<void> {
    this.cache.forget(this.key, token);
  }

  private store(token: string, expiresOnTimestamp: number, credential: string): void {
    if (!Number.isFinite(expiresOnTimestamp)) return;
    try {
      this.cache.set(this.key, { token, expiresOnTimestamp, credential }, this.options.now());
    } catch (error) {
      // A cache that cannot be written costs a tool run next time, not this command.
      this.options.debug(`auth: could not write ${this.cache.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
