import { parseArgs } from "node:util";

import { DEFAULT_AUDIENCE, DEFAULT_MAX_VALID_MINUTES } from "../contract/index.js";
import { resolveDataDir } from "./data-dir.js";
import { UsageError } from "./errors.js";

export const PROGRAM = "taskurai-emulator";
export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_TOKEN_VALID_MINUTES = 60;

/**
 * Largest `--max-valid-minutes`: 100 years. A larger bound would let `expiresAt` pass the year
 * 9999, which an ISO 8601 timestamp with a four-digit year cannot express.
 */
export const MAX_MAX_VALID_MINUTES = 100 * DEFAULT_MAX_VALID_MINUTES;

/** Largest absolute `--valid-minutes` of the `token` command: one year. */
export const MAX_TOKEN_VALID_MINUTES = 525600;

/** Tenant id (`tid`) of tokens minted by `taskurai-emulator token` without `--tenant`. */
export const EMULATOR_TENANT_ID = "5b0c6a52-3f4e-4d61-9a8e-7e3c2f1d0a11";

export const DEFAULT_USER = "developer";

/** Settings of `taskurai-emulator start`. */
export interface StartOptions {
  port: number;
  host: string;
  dataDir: string;
  inMemory: boolean;
  jwks: string | undefined;
  audiences: string[];
  maxValidMinutes: number;
  quiet: boolean;
}

/** Settings of `taskurai-emulator token`. */
export interface TokenOptions {
  user: string;
  tenant: string;
  audience: string;
  validMinutes: number;
  dataDir: string;
}

/** The command that the arguments select, with its settings. */
export type Command =
  | { kind: "help"; topic: "start" | "token" }
  | { kind: "version" }
  | { kind: "start"; debug: boolean; options: StartOptions }
  | { kind: "token"; debug: boolean; options: TokenOptions };

type OptionConfig = Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;

const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  debug: { type: "boolean" },
} satisfies OptionConfig;

const START_OPTIONS = {
  ...COMMON_OPTIONS,
  port: { type: "string" },
  host: { type: "string" },
  "data-dir": { type: "string" },
  "in-memory": { type: "boolean" },
  jwks: { type: "string" },
  audience: { type: "string", multiple: true },
  "max-valid-minutes": { type: "string" },
  quiet: { type: "boolean" },
} satisfies OptionConfig;

const TOKEN_OPTIONS = {
  ...COMMON_OPTIONS,
  user: { type: "string" },
  tenant: { type: "string" },
  audience: { type: "string" },
  "valid-minutes": { type: "string" },
  "data-dir": { type: "string" },
} satisfies OptionConfig;

export const START_HELP = `Usage: ${PROGRAM} [start] [options]

Runs a local Taskurai API server for development and tests.

Options:
  --port N                 TCP port to listen on, 0 picks a free port (default ${DEFAULT_PORT})
  --host ADDRESS           address to listen on (default ${DEFAULT_HOST})
  --data-dir DIR           folder for the database and the signing key
                           (default: $TASKURAI_EMULATOR_DATA_DIR, else the user's data folder)
  --in-memory              keep the database in memory; the signing key stays in the data folder
  --jwks FILE|URL          trust this JSON Web Key Set instead of the emulator's own signing key
  --audience AUD           accepted access token audience, repeatable (default ${DEFAULT_AUDIENCE})
  --max-valid-minutes N    largest validMinutes a token may request (default ${DEFAULT_MAX_VALID_MINUTES});
                           requests without validMinutes get 43200 or N, whichever is smaller
  --quiet                  do not log requests
  --debug                  print stack traces of errors
  -h, --help               show this help
  --version                show the version

Commands:
  start                    run the server (the default)
  token                    print an access token that this emulator accepts; see '${PROGRAM} token --help'
`;

export const TOKEN_HELP = `Usage: ${PROGRAM} token [options]

Prints an RS256 access token signed with the emulator's key from the data folder.
An emulator started with the same data folder and without --jwks accepts it.

Options:
  --user NAME              user name; the same name always gives the same oid (default ${DEFAULT_USER})
  --tenant ID              tenant id (tid), a UUID (default ${EMULATOR_TENANT_ID})
  --audience AUD           audience (aud) of the token (default ${DEFAULT_AUDIENCE})
  --valid-minutes N        minutes until the token expires (default ${DEFAULT_TOKEN_VALID_MINUTES});
                           a negative value mints a token that expired N minutes ago, for tests
  --data-dir DIR           folder of the signing key (default as for start)
  --debug                  print stack traces of errors
  -h, --help               show this help
`;

/**
 * Parses the arguments after the program name.
 * Throws UsageError for unknown options, missing or invalid values and unexpected arguments.
 */
export function parseCommandLine(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Command {
  let commandName: "start" | "token" = "start";
  let rest = args;
  const first = args[0];
  if (first !== undefined && !first.startsWith("-")) {
    if (first !== "start" && first !== "token") {
      throw new UsageError(`unknown command '${first}'. Run '${PROGRAM} --help' for usage.`);
    }
    commandName = first;
    rest = args.slice(1);
  }

  if (commandName === "token") {
    const values = parseOptions(rest, TOKEN_OPTIONS);
    if (values.help === true) return { kind: "help", topic: "token" };
    if (values.version === true) return { kind: "version" };
    return { kind: "token", debug: values.debug === true, options: tokenOptions(values, env) };
  }

  const values = parseOptions(rest, START_OPTIONS);
  if (values.help === true) return { kind: "help", topic: "start" };
  if (values.version === true) return { kind: "version" };
  return { kind: "start", debug: values.debug === true, options: startOptions(values, env) };
}

type ParsedValues = Record<string, string | boolean | string[] | undefined>;

/**
 * Runs parseArgs without its strict mode and checks the tokens here, so that every problem gets
 * a message in this program's words and `--valid-minutes -5` passes a negative number.
 */
function parseOptions(args: readonly string[], config: OptionConfig): ParsedValues {
  const { tokens } = parseArgs({
    args: [...args],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });

  const values: ParsedValues = {};
  let afterTerminator = false;
  for (const token of tokens) {
    if (token.kind === "option-terminator") {
      afterTerminator = true;
      continue;
    }
    if (token.kind === "positional") {
      const hint = afterTerminator ? "" : ` Run '${PROGRAM} --help' for usage.`;
      throw new UsageError(`unexpected argument '${token.value}'.${hint}`);
    }

    const definition = config[token.name];
    if (definition === undefined) {
      throw new UsageError(`unknown option '${token.rawName}'. Run '${PROGRAM} --help' for usage.`);
    }
    if (definition.type === "boolean") {
      if (token.value !== undefined) {
        throw new UsageError(`option '${token.rawName}' does not take a value, got '${token.value}'.`);
      }
      values[token.name] = true;
      continue;
    }

    const value = token.value;
    // Without strict mode parseArgs takes the next argument as the value even when it is another
    // option, so `--port --quiet` would set the port to "--quiet".
    if (value === undefined || (!token.inlineValue && value.startsWith("--"))) {
      throw new UsageError(`option '${token.rawName}' requires a value. Run '${PROGRAM} --help' for usage.`);
    }
    if (definition.multiple === true) {
      const list = values[token.name];
      values[token.name] = Array.isArray(list) ? [...list, value] : [value];
    } else {
      values[token.name] = value;
    }
  }
  return values;
}

function stringValue(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

function nonEmpty(values: ParsedValues, name: string): string | undefined {
  const value = stringValue(values, name);
  if (value !== undefined && value.trim() === "") {
    throw new UsageError(`option '--${name}' must not be empty.`);
  }
  return value;
}

/** Parses a whole number from `min` to `max`; the error message shows `describe` as the expected value. */
function integerOption(raw: string, name: string, min: number, max: number, describe: string): number {
  const valid = /^-?\d+$/.test(raw.trim()) && Number(raw) >= min && Number(raw) <= max;
  if (!valid) {
    throw new UsageError(`invalid --${name} value '${raw}'; expected ${describe}.`);
  }
  return Number(raw);
}

function startOptions(values: ParsedValues, env: NodeJS.ProcessEnv): StartOptions {
  const rawPort = stringValue(values, "port");
  const port =
    rawPort === undefined
      ? DEFAULT_PORT
      : integerOption(rawPort, "port", 0, 65535, "a whole number from 0 to 65535 (0 picks a free port)");

  const rawMax = stringValue(values, "max-valid-minutes");
  const maxValidMinutes =
    rawMax === undefined
      ? DEFAULT_MAX_VALID_MINUTES
      : integerOption(
          rawMax,
          "max-valid-minutes",
          1,
          MAX_MAX_VALID_MINUTES,
          `a whole number of minutes from 1 to ${MAX_MAX_VALID_MINUTES}`,
        );

  const audienceValues = values.audience;
  const audiences = Array.isArray(audienceValues) ? audienceValues : [DEFAULT_AUDIENCE];
  if (audiences.some((audience) => audience.trim() === "")) {
    throw new UsageError("option '--audience' must not be empty.");
  }

  return {
    port,
    host: nonEmpty(values, "host") ?? DEFAULT_HOST,
    dataDir: resolveDataDir(nonEmpty(values, "data-dir"), env),
    inMemory: values["in-memory"] === true,
    jwks: nonEmpty(values, "jwks"),
    audiences: [...new Set(audiences)],
    maxValidMinutes,
    quiet: values.quiet === true,
  };
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

function tokenOptions(values: ParsedValues, env: NodeJS.ProcessEnv): TokenOptions {
  const user = stringValue(values, "user") ?? DEFAULT_USER;
  if (!USER_PATTERN.test(user)) {
    throw new UsageError(`invalid --user value '${user}'; use 1 to 64 letters, digits, '.', '_' or '-'.`);
  }

  const tenant = stringValue(values, "tenant") ?? EMULATOR_TENANT_ID;
  if (!UUID_PATTERN.test(tenant)) {
    throw new UsageError(`invalid --tenant value '${tenant}'; expected a UUID such as ${EMULATOR_TENANT_ID}.`);
  }

  const rawValid = stringValue(values, "valid-minutes");
  const validMinutes =
    rawValid === undefined
      ? DEFAULT_TOKEN_VALID_MINUTES
      : integerOption(
          rawValid,
          "valid-minutes",
          -MAX_TOKEN_VALID_MINUTES,
          MAX_TOKEN_VALID_MINUTES,
          `a whole number of minutes from -${MAX_TOKEN_VALID_MINUTES} to ${MAX_TOKEN_VALID_MINUTES}, not 0`,
        );
  if (validMinutes === 0) {
    throw new UsageError(`invalid --valid-minutes value '${rawValid}'; expected a whole number of minutes other than 0.`);
  }

  return {
    user,
    tenant: tenant.toLowerCase(),
    audience: nonEmpty(values, "audience") ?? DEFAULT_AUDIENCE,
    validMinutes,
    dataDir: resolveDataDir(nonEmpty(values, "data-dir"), env),
  };
}
