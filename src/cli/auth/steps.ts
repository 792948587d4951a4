import type * as Identity from "@azure/identity";
import type { TokenCredential } from "@azure/identity";

import { isCi, type Io } from "../io.js";
import { AuthRecordStore } from "./auth-record.js";
import type { AuthName } from "./names.js";
import { enablePersistentCache, enableVSCode } from "./plugins.js";
import { StepSkippedError } from "./timeouts.js";

/** The @azure/identity module, loaded with a dynamic import on the path that needs a token. */
export type IdentityModule = typeof Identity;

/** A token as a step returns it. */
export interface StepToken {
  token: string;
  /** Milliseconds since the epoch. */
  expiresOnTimestamp: number;
}

/** Inputs every step needs to request a token. */
export interface StepContext {
  identity: IdentityModule;
  /** Scope of the Taskurai API, `<audience>/.default`. */
  scope: string;
  tenant: string | undefined;
  env: NodeJS.ProcessEnv;
  io: Io;
  /** Bound of a step that runs a tool or calls a service, in milliseconds. */
  toolTimeoutMs: number;
  /** Bound of a step that waits for a person, in milliseconds. */
  interactiveTimeoutMs: number;
  /** Store of the authentication record that browser and device code sign-ins save. */
  records: AuthRecordStore;
}

/** One credential of the chain. */
export interface CredentialStep {
  name: AuthName;
  /** True when the step waits for a person, so it gets the interactive bound. */
  interactive: boolean;
  getToken(context: StepContext): Promise<StepToken>;
}

/** Advice per step when it finds no token, for the last line of the error message. */
export const STEP_HINTS: Record<AuthName, string> = {
  vscode: "sign in with the Azure Resources extension of VS Code",
  "azure-cli": "run 'az login'",
  "azure-powershell": "run 'Connect-AzAccount'",
  browser: "run in a terminal with a browser, or use --auth device-code",
  "device-code": "run in a terminal with CI unset",
  environment: "set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH",
  "workload-identity": "set AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID and AZURE_TENANT_ID",
  "managed-identity": "run on an Azure resource that has a managed identity",
  "access-token": "set TASKURAI_ACCESS_TOKEN",
};

/**
 * Process timeout given to the Azure tool credentials. It is a little longer than the step's own
 * bound, so the chain reports the timeout first and the tool is still killed shortly after.
 */
function toolProcessTimeoutMs(context: StepContext): number {
  return context.toolTimeoutMs + 1000;
}

async function tokenFrom(credential: TokenCredential, scope: string, name: string): Promise<StepToken> {
  const token = await credential.getToken(scope);
  if (token === null) throw new Error(`${name} returned no token`);
  // A tool can print output without a token, or a token with characters no HTTP header may carry.
  // Such a value must not reach the cache or the API.
  if (typeof token.token !== "string" || !/^[\x21-\x7e]+$/.test(token.token)) {
    throw new Error(`${name} returned an access token that is missing or contains characters a token cannot have`);
  }
  return { token: token.token, expiresOnTimestamp: token.expiresOnTimestamp };
}

function requireVariables(env: NodeJS.ProcessEnv, names: string[]): void {
  const missing = names.filter((name) => !env[name]?.trim());
  if (missing.length > 0) throw new Error(`${missing.join(", ")} not set`);
}

function tenantOf(context: StepContext): string {
  const tenant = context.tenant;
  if (tenant === undefined) throw new Error("no tenant: pass --tenant or set AZURE_TENANT_ID");
  return tenant;
}

/** Throws StepSkippedError when a sign-in that needs a person cannot reach one. */
function requirePerson(context: StepContext, needsBrowser: boolean): void {
  if (isCi(context.env)) throw new StepSkippedError("CI is set");
  const terminal = context.io.stdin.isTTY === true && context.io.stderr.isTTY === true;
  if (!terminal) throw new StepSkippedError("no terminal");
  if (!needsBrowser || process.platform !== "linux") return;

  const display = ["DISPLAY", "WAYLAND_DISPLAY", "BROWSER"].some((name) => context.env[name]?.trim());
  if (!display) throw new StepSkippedError("no display or BROWSER to open");
}

async function interactiveOptions(context: StepContext) {
  const cache = await enablePersistentCache(context.identity);
  return {
    tenantId: context.tenant,
    authenticationRecord: context.records.load(context.identity),
    tokenCachePersistenceOptions: cache.enabled ? { enabled: true, name: "taskurai" } : undefined,
  };
}

/**
 * Signs in with an interactive credential. Without a saved record it authenticates first and
 * saves the record, so the next run finds the account in the token cache without a prompt.
 */
async function signInInteractively(
  credential: Identity.InteractiveBrowserCredential | Identity.DeviceCodeCredential,
  context: StepContext,
  hadRecord: boolean,
  name: string,
): Promise<StepToken> {
  if (!hadRecord) {
    const record = await credential.authenticate(context.scope);
    if (record !== undefined) context.records.save(context.identity, record);
  }
  return tokenFrom(credential, context.scope, name);
}

const vscode: CredentialStep = {
  name: "vscode",
  interactive: false,
  async getToken(context) {
    const unavailable = await enableVSCode(context.identity);
    if (unavailable !== undefined) throw new Error(unavailable);
    const credential = new context.identity.VisualStudioCodeCredential({ tenantId: context.tenant });
    return tokenFrom(credential, context.scope, "vscode");
  },
};

const azureCli: CredentialStep = {
  name: "azure-cli",
  interactive: false,
  getToken(context) {
    const credential = new context.identity.AzureCliCredential({
      tenantId: context.tenant,
      processTimeoutInMs: toolProcessTimeoutMs(context),
    });
    return tokenFrom(credential, context.scope, "azure-cli");
  },
};

const azurePowerShell: CredentialStep = {
  name: "azure-powershell",
  interactive: false,
  getToken(context) {
    // NOTE: @azure/identity 4.13.1 applies processTimeoutInMs only to its `pwsh /?` probe, not to
    // the token command. The chain's own bound ends the wait, and the entry script exits even
    // when the abandoned pwsh process is still running.
    const credential = new context.identity.AzurePowerShellCredential({
      tenantId: context.tenant,
      processTimeoutInMs: toolProcessTimeoutMs(context),
    });
    return tokenFrom(credential, context.scope, "azure-powershell");
  },
};

const browser: CredentialStep = {
  name: "browser",
  interactive: true,
  async getToken(context) {
    requirePerson(context, true);
    const options = await interactiveOptions(context);
    // NOTE: @azure/identity 4.13.1 opens the sign-in URL itself and offers no hook to read it,
    // so the CLI can print only where to go when no browser appears.
    context.io.stderr.write(
      "Opening a browser to sign in to Microsoft Entra ID. If none opens, press Ctrl-C and run again with --auth device-code.\n",
    );
    const credential = new context.identity.InteractiveBrowserCredential(options);
    return signInInteractively(credential, context, options.authenticationRecord !== undefined, "browser");
  },
};

const deviceCode: CredentialStep = {
  name: "device-code",
  interactive: true,
  async getToken(context) {
    requirePerson(context, false);
    const options = await interactiveOptions(context);
    const credential = new context.identity.DeviceCodeCredential({
      ...options,
      userPromptCallback: (info) => {
        context.io.stderr.write(`${info.message}\n`);
      },
    });
    return signInInteractively(credential, context, options.authenticationRecord !== undefined, "device-code");
  },
};

const environment: CredentialStep = {
  name: "environment",
  interactive: false,
  getToken(context) {
    const { env, identity } = context;
    requireVariables(env, ["AZURE_CLIENT_ID"]);
    const clientId = env.AZURE_CLIENT_ID as string;
    const secret = env.AZURE_CLIENT_SECRET?.trim();
    const certificatePath = env.AZURE_CLIENT_CERTIFICATE_PATH?.trim();

    if (secret) {
      const credential = new identity.ClientSecretCredential(tenantOf(context), clientId, secret);
      return tokenFrom(credential, context.scope, "environment");
    }
    if (certificatePath) {
      const credential = new identity.ClientCertificateCredential(tenantOf(context), clientId, {
        certificatePath,
        certificatePassword: env.AZURE_CLIENT_CERTIFICATE_PASSWORD,
      });
      return tokenFrom(credential, context.scope, "environment");
    }
    throw new Error("AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH not set");
  },
};

const workloadIdentity: CredentialStep = {
  name: "workload-identity",
  interactive: false,
  getToken(context) {
    requireVariables(context.env, ["AZURE_FEDERATED_TOKEN_FILE", "AZURE_CLIENT_ID"]);
    const credential = new context.identity.WorkloadIdentityCredential({
      tenantId: tenantOf(context),
      clientId: context.env.AZURE_CLIENT_ID,
      tokenFilePath: context.env.AZURE_FEDERATED_TOKEN_FILE,
    });
    return tokenFrom(credential, context.scope, "workload-identity");
  },
};

const managedIdentity: CredentialStep = {
  name: "managed-identity",
  interactive: false,
  getToken(context) {
    const clientId = context.env.AZURE_CLIENT_ID?.trim();
    const credential = clientId
      ? new context.identity.ManagedIdentityCredential({ clientId })
      : new context.identity.ManagedIdentityCredential();
    return tokenFrom(credential, context.scope, "managed-identity");
  },
};

const STEPS: Record<Exclude<AuthName, "access-token">, CredentialStep> = {
  vscode,
  "azure-cli": azureCli,
  "azure-powershell": azurePowerShell,
  browser,
  "device-code": deviceCode,
  environment,
  "workload-identity": workloadIdentity,
  "managed-identity": managedIdentity,
};

/** Returns the step of one credential that `--auth` selected. */
export function stepNamed(name: Exclude<AuthName, "access-token">): CredentialStep {
  return STEPS[name];
}

/**
 * Returns the default chain: the CI credentials whose variables are set, then VS Code, Azure CLI,
 * Azure PowerShell and the browser. Managed identity is never part of it, so the default chain
 * does not probe the instance metadata address.
 */
export function defaultSteps(env: NodeJS.ProcessEnv): CredentialStep[] {
  const steps: CredentialStep[] = [];
  const has = (name: string) => Boolean(env[name]?.trim());
  if (has("AZURE_CLIENT_ID") && (has("AZURE_CLIENT_SECRET") || has("AZURE_CLIENT_CERTIFICATE_PATH"))) steps.push(environment);
  if (has("AZURE_FEDERATED_TOKEN_FILE")) steps.push(workloadIdentity);
  steps.push(vscode, azureCli, azurePowerShell, browser);
  return steps;
}
