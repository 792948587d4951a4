import { AUTH_NAMES } from "../auth/names.js";
import { endpointProblem, OUTPUT_FORMATS, type SettingKey } from "../settings.js";
import { audienceProblem, tenantProblem } from "../value-checks.js";

/** Keys the configuration file stores, in the order `config list` shows them. */
export const CONFIG_KEYS: readonly SettingKey[] = ["endpoint", "audience", "tenant", "output", "auth"];

/** One-line description and example of each key, for help text and messages. */
export const KEY_HELP: Record<SettingKey, { about: string; example: string }> = {
  endpoint: { about: "Taskurai instance URL (https, or http on loopback)", example: "https://taskurai.example.com" },
  audience: { about: "application ID URI the Taskurai API accepts access tokens for", example: "api://taskurai" },
  tenant: { about: "Microsoft Entra tenant to sign in to (GUID or domain name)", example: "contoso.onmicrosoft.com" },
  output: { about: `default output format: ${OUTPUT_FORMATS.join(", ")}`, example: "table" },
  auth: { about: `default credential: ${AUTH_NAMES.join(", ")}`, example: "azure-cli" },
};

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const SECRET_WORDS = /token|secret|passw(or)?d|pwd|credential|api[-_]?key|private[-_]?key|certificate|cookie/i;

/** Returns true when `key` is one of the keys the configuration file stores. */
export function isConfigKey(key: string): key is SettingKey {
  return (CONFIG_KEYS as readonly string[]).includes(key);
}

/** Returns why `key` cannot be stored, or undefined when it is a known key. */
export function configKeyProblem(key: string): string | undefined {
  if (isConfigKey(key)) return undefined;
  if (SECRET_WORDS.test(key)) {
    return `'${key}' looks like a secret, and the configuration file holds no secrets; pass an access token in TASKURAI_ACCESS_TOKEN instead`;
  }
  return `unknown configuration key '${key}'; expected one of: ${CONFIG_KEYS.join(", ")}`;
}

/** Returns why `name` is not a valid profile name, or undefined when it is. */
export function profileNameProblem(name: string): string | undefined {
  if (PROFILE_NAME.test(name)) return undefined;
  return "a profile name has 1 to 64 letters, digits, '-' or '_' and starts with a letter or digit";
}

/** Returns the form of `value` that is stored for `key`: lowercase names, no trailing slash on URLs. */
export function normalizeConfigValue(key: SettingKey, value: string): string {
  const trimmed = value.trim();
  if (key === "endpoint") return trimmed.replace(/\/+$/, "");
  if (key === "output" || key === "auth") return trimmed.toLowerCase();
  return trimmed;
}

/** Returns why `value` is invalid for `key`, or undefined when it is valid. Expects a normalized value. */
export function configValueProblem(key: SettingKey, value: string): string | undefined {
  if (value === "") return "the value is empty; use 'taskurai config unset' to remove a key";
  switch (key) {
    case "endpoint":
      return endpointProblem(value);
    case "audience":
      return audienceProblem(value);
    case "tenant":
      return tenantProblem(value);
    case "output":
      return oneOfProblem(value, OUTPUT_FORMATS);
    case "auth":
      return oneOfProblem(value, AUTH_NAMES);
  }
}

function oneOfProblem(value: string, allowed: readonly string[]): string | undefined {
  return allowed.includes(value) ? undefined : `expected one of: ${allowed.join(", ")}`;
}
