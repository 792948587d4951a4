import { DEFAULT_AUDIENCE } from "../contract/http.js";
import { UsageError } from "./errors.js";

/** Where a setting's value came from, highest precedence first. */
export type SettingSource = "flag" | "environment" | "default";

export interface ResolvedSetting<T> {
  value: T;
  source: SettingSource;
}

/** Options every command accepts, as commander parses them. */
export interface GlobalFlags {
  endpoint?: string;
  output?: string;
  debug?: boolean;
}

export const OUTPUT_FORMATS = ["json", "table"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Environment variables the CLI reads. */
export const ENV = {
  endpoint: "TASKURAI_ENDPOINT",
  accessToken: "TASKURAI_ACCESS_TOKEN",
  output: "TASKURAI_OUTPUT",
  debug: "TASKURAI_DEBUG",
} as const;

function pick(flag: string | undefined, env: NodeJS.ProcessEnv, variable: string): ResolvedSetting<string> | undefined {
  if (flag !== undefined) return { value: flag, source: "flag" };
  const fromEnv = env[variable];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return { value: fromEnv.trim(), source: "environment" };
  return undefined;
}

function describeSource(setting: ResolvedSetting<string>, flag: string, variable: string): string {
  return setting.source === "flag" ? flag : variable;
}

/** Resolves and validates the Taskurai endpoint: `--endpoint`, then `TASKURAI_ENDPOINT`. */
export function resolveEndpoint(flags: GlobalFlags, env: NodeJS.ProcessEnv): ResolvedSetting<string> {
  const setting = pick(flags.endpoint, env, ENV.endpoint);
  if (setting === undefined) {
    throw new UsageError(
      `no Taskurai endpoint is set; pass --endpoint URL or set ${ENV.endpoint} (for the emulator: http://127.0.0.1:8787)`,
    );
  }
  const problem = endpointProblem(setting.value);
  if (problem !== undefined) {
    throw new UsageError(`invalid ${describeSource(setting, "--endpoint", ENV.endpoint)} '${setting.value}': ${problem}`);
  }
  return { value: setting.value.replace(/\/+$/, ""), source: setting.source };
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Returns why `value` is not a usable endpoint URL, or undefined when it is. */
export function endpointProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "expected an absolute URL such as https://taskurai.example.com";
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith("127.");
  if (url.protocol === "http:" && !loopback) {
    return "plain http is allowed only on loopback (localhost, 127.0.0.1, [::1]); use https";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "expected an https:// URL";
  if (url.username !== "" || url.password !== "") return "credentials in the URL are not allowed";
  if (url.search !== "" || url.hash !== "") return "the URL must not contain a query or fragment";
  return undefined;
}

/** Resolves the output format: `--output`, then `TASKURAI_OUTPUT`, then table on a terminal and JSON otherwise. */
export function resolveOutputFormat(flags: GlobalFlags, env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): ResolvedSetting<OutputFormat> {
  const setting = pick(flags.output, env, ENV.output);
  if (setting === undefined) return { value: stdoutIsTTY ? "table" : "json", source: "default" };

  const value = setting.value.toLowerCase();
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(
      `invalid ${describeSource(setting, "--output", ENV.output)} '${setting.value}'; expected one of: ${OUTPUT_FORMATS.join(", ")}`,
    );
  }
  return { value: value as OutputFormat, source: setting.source };
}

/** Resolves the audience that access tokens are requested for. */
export function resolveAudience(): ResolvedSetting<string> {
  return { value: DEFAULT_AUDIENCE, source: "default" };
}
