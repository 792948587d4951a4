import { DEFAULT_AUDIENCE } from "../contract/http.js";
import { AUTH_NAMES, isAuthName, type AuthName } from "./auth/names.js";
import { UsageError } from "./errors.js";
import { audienceProblem, tenantProblem } from "./value-checks.js";

/**
 * Settings resolve in one order everywhere: command-line flag, then environment variable,
 * then the active configuration profile, then the built-in default.
 */
export type SettingSource = "flag" | "environment" | "profile" | "default";

export interface ResolvedSetting<T> {
  value: T;
  source: SettingSource;
}

/** Options every command accepts, as commander parses them. */
export interface GlobalFlags {
  endpoint?: string;
  output?: string;
  /** JMESPath expression applied to the result before it is rendered. */
  query?: string;
  /** Set by `--only-show-errors`: warnings and notices stay off stderr. */
  onlyShowErrors?: boolean;
  debug?: boolean;
  auth?: string;
  tenant?: string;
  audience?: string;
  /** Configuration profile to read settings from. */
  profile?: string;
}

/** Keys a configuration profile can set. */
export type SettingKey = "endpoint" | "output" | "audience" | "tenant" | "auth";

/** Values a configuration profile sets; every key is optional. */
export type ProfileValues = Partial<Record<SettingKey, string>>;

/** The flag and environment variable of each setting. */
export const SETTINGS: Record<SettingKey, { flag: string; env: string }> = {
  endpoint: { flag: "--endpoint", env: "TASKURAI_ENDPOINT" },
  output: { flag: "--output", env: "TASKURAI_OUTPUT" },
  audience: { flag: "--audience", env: "TASKURAI_AUDIENCE" },
  tenant: { flag: "--tenant", env: "AZURE_TENANT_ID" },
  auth: { flag: "--auth", env: "TASKURAI_AUTH" },
};

/** Environment variables the CLI reads besides those of `SETTINGS`. */
export const ENV = {
  endpoint: SETTINGS.endpoint.env,
  output: SETTINGS.output.env,
  accessToken: "TASKURAI_ACCESS_TOKEN",
  debug: "TASKURAI_DEBUG",
  authTimeout: "TASKURAI_AUTH_TIMEOUT",
  interactiveAuthTimeout: "TASKURAI_AUTH_INTERACTIVE_TIMEOUT",
  profile: "TASKURAI_PROFILE",
  configDir: "TASKURAI_CONFIG_DIR",
} as const;

export const OUTPUT_FORMATS = ["json", "jsonc", "table", "tsv", "yaml", "none"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Inputs to setting resolution, one per precedence layer. */
export interface SettingLayers {
  flags: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  /** Values of the active profile, or undefined when no configuration applies. */
  profile?: ProfileValues;
}

/** Returns the winning value of `key` and its source, or undefined when no layer sets it. */
export function resolveSetting(key: SettingKey, layers: SettingLayers): ResolvedSetting<string> | undefined {
  const flag = layers.flags[key];
  if (typeof flag === "string") return { value: flag, source: "flag" };

  const fromEnv = layers.env[SETTINGS[key].env]?.trim();
  if (fromEnv) return { value: fromEnv, source: "environment" };

  const fromProfile = layers.profile?.[key];
  if (fromProfile !== undefined) return { value: fromProfile, source: "profile" };
  return undefined;
}

/** Names the origin of a value in messages: the flag, the variable or the profile. */
export function describeSource(key: SettingKey, source: SettingSource): string {
  if (source === "flag") return SETTINGS[key].flag;
  if (source === "environment") return SETTINGS[key].env;
  return `${key} in the configuration profile`;
}

/** Resolves and validates the Taskurai endpoint. */
export function resolveEndpoint(layers: SettingLayers): ResolvedSetting<string> {
  const setting = resolveSetting("endpoint", layers);
  if (setting === undefined) {
    throw new UsageError(
      `no Taskurai endpoint is set; pass --endpoint URL, set ${ENV.endpoint} or run 'taskurai config set endpoint URL' (for the emulator: http://127.0.0.1:8787)`,
    );
  }
  const problem = endpointProblem(setting.value);
  if (problem !== undefined) {
    throw new UsageError(`invalid ${describeSource("endpoint", setting.source)} '${setting.value}': ${problem}`);
  }
  return { value: setting.value.replace(/\/+$/, ""), source: setting.source };
}

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

/** Returns why `value` is not a usable endpoint URL, or undefined when it is. */
export function endpointProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "expected an absolute URL such as https://taskurai.example.com";
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol === "http:" && !loopback) {
    return "plain http is allowed only on loopback (localhost, 127.0.0.1, [::1]); use https";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "expected an https:// URL";
  if (url.username !== "" || url.password !== "") return "credentials in the URL are not allowed";
  if (url.search !== "" || url.hash !== "") return "the URL must not contain a query or fragment";
  return undefined;
}

/** Resolves the output format; without a setting, table on a terminal and JSON otherwise. */
export function resolveOutputFormat(layers: SettingLayers, stdoutIsTTY: boolean): ResolvedSetting<OutputFormat> {
  const setting = resolveSetting("output", layers);
  if (setting === undefined) return { value: stdoutIsTTY ? "table" : "json", source: "default" };

  const value = setting.value.toLowerCase();
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(
      `invalid ${describeSource("output", setting.source)} '${setting.value}'; expected one of: ${OUTPUT_FORMATS.join(", ")}`,
    );
  }
  return { value: value as OutputFormat, source: setting.source };
}

/** Resolves the Entra ID application ID URI that access tokens are requested for. */
export function resolveAudience(layers: SettingLayers): ResolvedSetting<string> {
  const setting = resolveSetting("audience", layers);
  if (setting === undefined) return { value: DEFAULT_AUDIENCE, source: "default" };

  const problem = audienceProblem(setting.value);
  if (problem !== undefined) {
    throw new UsageError(`invalid ${describeSource("audience", setting.source)} '${setting.value}': ${problem}`);
  }
  // The scope requested is `<audience>/.default`, so a pasted scope is reduced to its audience.
  return { value: setting.value.replace(/\/\.default$/i, ""), source: setting.source };
}

/** Returns true when `TASKURAI_DEBUG` is `1`, `true` or `yes` (any casing). */
export function debugFromEnv(env: NodeJS.ProcessEnv): boolean {
  return ["1", "true", "yes"].includes(env[ENV.debug]?.trim().toLowerCase() ?? "");
}

/** Resolves the credential `--auth` selects, or undefined for the default chain. */
export function resolveAuthName(layers: SettingLayers): AuthName | undefined {
  const setting = resolveSetting("auth", layers);
  if (setting === undefined) return undefined;

  const value = setting.value.trim().toLowerCase();
  if (!isAuthName(value)) {
    throw new UsageError(
      `invalid ${describeSource("auth", setting.source)} '${setting.value}'; expected one of: ${AUTH_NAMES.join(", ")}`,
    );
  }
  return value;
}

/** Resolves the Entra ID tenant every credential signs in to, or undefined for the tool's default. */
export function resolveTenant(layers: SettingLayers): string | undefined {
  const setting = resolveSetting("tenant", layers);
  if (setting === undefined) return undefined;

  const problem = tenantProblem(setting.value);
  if (problem !== undefined) {
    throw new UsageError(`invalid ${describeSource("tenant", setting.source)} '${setting.value}': ${problem}`);
  }
  return setting.value;
}

/** Largest timeout Node's timers accept: 2^31 - 1 milliseconds, about 24.8 days. */
const MAX_TIMEOUT_SECONDS = Math.floor(2_147_483_647 / 1000);

/** Default bound of one non-interactive credential step, in seconds. */
export const DEFAULT_AUTH_TIMEOUT_SECONDS = 15;
/** Default bound of a browser or device code sign-in, in seconds: a person has to act. */
export const DEFAULT_INTERACTIVE_AUTH_TIMEOUT_SECONDS = 300;

/** Reads a timeout in seconds from `name`, or returns `fallback` when the variable is unset. */
export function resolveTimeoutSeconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;

  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(
      `invalid ${name} '${raw}'; expected a positive number of seconds up to ${MAX_TIMEOUT_SECONDS}, such as ${fallback}`,
    );
  }
  return seconds;
}
