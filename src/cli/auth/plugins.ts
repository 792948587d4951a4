import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

import type { IdentityPlugin } from "@azure/identity";

import type { IdentityModule } from "./steps.js";

/**
 * Authentication record that the Azure Resources extension of VS Code writes after its
 * sign-in. VisualStudioCodeCredential reads the account from it and requests a token from the broker.
 */
// NOTE: this is the location @azure/identity-vscode 2.x registers, as recalled rather than read
// from its source. It is unverified because this machine has neither VS Code nor the broker.
export function vsCodeAuthRecordPath(): string {
  return join(homedir(), ".azure", "ms-azuretools.vscode-azureresourcegroups", "authRecord.json");
}

/** The part of the identity plugin context the VS Code step uses (`AzurePluginContext` in @azure/identity 4.13.1). */
interface VSCodePluginContext {
  vsCodeCredentialControl: {
    setVSCodeAuthRecordPath(path: string): void;
    setVSCodeBroker(broker: unknown): void;
  };
}

function isVSCodePluginContext(value: unknown): value is VSCodePluginContext {
  if (typeof value !== "object" || value === null || !("vsCodeCredentialControl" in value)) return false;
  const control = value.vsCodeCredentialControl;
  return (
    typeof control === "object" &&
    control !== null &&
    "setVSCodeAuthRecordPath" in control &&
    typeof control.setVSCodeAuthRecordPath === "function" &&
    "setVSCodeBroker" in control &&
    typeof control.setVSCodeBroker === "function"
  );
}

// Optional packages are imported through a variable so that TypeScript does not require them.
async function importOptional(specifier: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

let vsCodeReady: Promise<string | undefined> | undefined;

/**
 * Registers VS Code sign-in with @azure/identity through its plugin interface: the path of the
 * extension's authentication record and the native broker of @azure/msal-node-extensions.
 * Returns why VS Code sign-in is unavailable, or undefined when the credential can run.
 */
export function enableVSCode(identity: IdentityModule): Promise<string | undefined> {
  vsCodeReady ??= registerVSCode(identity);
  return vsCodeReady;
}

async function registerVSCode(identity: IdentityModule): Promise<string | undefined> {
  const recordPath = vsCodeAuthRecordPath();
  if (!existsSync(recordPath)) {
    return "not signed in to Azure in VS Code (the Azure Resources extension has saved no sign-in)";
  }

  const extensions = await importOptional("@azure/msal-node-extensions");
  const Broker = extensions?.NativeBrokerPlugin;
  if (typeof Broker !== "function") {
    return "unavailable: the authentication broker package @azure/msal-node-extensions is not installed";
  }
  const broker: unknown = Reflect.construct(Broker, []);
  if (typeof broker === "object" && broker !== null && "isBrokerAvailable" in broker && broker.isBrokerAvailable === false) {
    return "unavailable: the authentication broker does not run on this platform";
  }

  let registered = false;
  const plugin: IdentityPlugin = (context) => {
    if (!isVSCodePluginContext(context)) return;
    context.vsCodeCredentialControl.setVSCodeAuthRecordPath(recordPath);
    context.vsCodeCredentialControl.setVSCodeBroker(broker);
    registered = true;
  };
  identity.useIdentityPlugin(plugin);
  return registered ? undefined : "unavailable: this @azure/identity version has no VS Code plugin interface";
}

/** Cache that contains the refresh tokens of browser and device code sign-ins. */
export interface PersistentCacheState {
  enabled: boolean;
  description: string;
}

let persistence: Promise<PersistentCacheState> | undefined;

/**
 * Registers @azure/identity-cache-persistence when it is installed, so browser and device code
 * sign-ins keep their refresh token in the OS keyring between runs.
 */
export function enablePersistentCache(identity: IdentityModule): Promise<PersistentCacheState> {
  persistence ??= (async () => {
    const module = await importOptional("@azure/identity-cache-persistence");
    const plugin = module?.cachePersistencePlugin;
    if (typeof plugin !== "function") {
      return {
        enabled: false,
        description: "memory only (install @azure/identity-cache-persistence to keep sign-ins in the OS keyring)",
      };
    }
    identity.useIdentityPlugin(plugin as IdentityPlugin);
    return { enabled: true, description: "OS keyring (@azure/identity-cache-persistence)" };
  })();
  return persistence;
}
