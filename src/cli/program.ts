import { readFileSync } from "node:fs";

import { Command, Option } from "commander";

import { AUTH_NAMES } from "./auth/names.js";
import { registerAuth } from "./commands/auth/index.js";
import { registerConfig } from "./commands/config/index.js";
import { registerCompletion } from "./commands/completion/index.js";
import { registerPat } from "./commands/pat/index.js";
import { createContext } from "./context.js";
import type { Io } from "./io.js";
import { ApiError } from "../client/errors.js";
import { rejectedTokenError } from "./error-map.js";
import { prepareOutput, writeResult } from "./output/render.js";
import { debugFromEnv, ENV, OUTPUT_FORMATS, SETTINGS, resolveAudience, resolveTenant, type GlobalFlags } from "./settings.js";
import type { ExitCode } from "./exit-codes.js";

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

/** Builds the commander tree; `setExitCode` receives the code of a command that finished with partial failure. */
export function buildProgram(io: Io, env: NodeJS.ProcessEnv, setExitCode: (code: ExitCode) => void): Command {
  const program = new Command("taskurai");

  program
    .description("Command-line tool for Taskurai")
    .version(packageVersion(), "-v, --version", "print the version")
    .helpOption("-h, --help", "show help for a command")
    .addOption(new Option("--endpoint <url>", `Taskurai instance URL (env ${ENV.endpoint})`))
    .addOption(new Option("-o, --output <format>", `output format: ${OUTPUT_FORMATS.join(", ")} (env ${ENV.output}; default table on a terminal, json otherwise)`))
    .addOption(new Option("--auth <name>", `credential to sign in with: ${AUTH_NAMES.join(", ")} (env ${SETTINGS.auth.env}; default: try them in turn)`))
    .addOption(new Option("--tenant <id>", `Microsoft Entra ID tenant id or domain to sign in to (env ${SETTINGS.tenant.env})`))
    .addOption(new Option("--audience <uri>", `application ID URI of the Taskurai API that tokens are requested for (env ${SETTINGS.audience.env})`))
    .addOption(new Option("--profile <name>", `configuration profile to use (env ${ENV.profile}; default 'default')`))
    .addOption(new Option("--query <jmespath>", "JMESPath expression applied to the result, for example --query \"[].name\""))
    .addOption(new Option("--only-show-errors", "write only errors to stderr: no warnings, notices or progress"))
    .addOption(new Option("--debug", `print HTTP requests and stack traces to stderr, with secrets redacted (env ${ENV.debug}=1)`))
    .addHelpText(
      "after",
      `
Examples:
  taskurai pat create --name mytoken --scopes "Taskurai.Task.*"
  taskurai pat list --output table
  taskurai pat list --query "[].name" --output tsv
  source <(taskurai completion bash)
`,
    )
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => undefined,
    });

  const run = async (action: Parameters<Parameters<typeof registerPat>[1]>[0]) => {
    const flags = program.opts<GlobalFlags>();
    if (flags.debug === undefined && debugFromEnv(env)) flags.debug = true;
    const context = createContext(io, env, flags);
    await prepareOutput(context);

    let result;
    try {
      result = await action(context);
    } catch (error) {
      const sent = context.sentToken();
      if (!(error instanceof ApiError) || error.status !== 401 || sent === undefined) throw error;
      await context.credential().invalidate?.(sent.token);
      throw rejectedTokenError(error, sent, { audience: resolveAudience(context.layers).value, tenant: resolveTenant(context.layers) });
    }
    await writeResult(context, result);
    if (result.exitCode !== undefined) setExitCode(result.exitCode);
  };

  registerPat(program, run);
  registerAuth(program, run);
  registerConfig(program, run);
  registerCompletion(program, io, env);
  return program;
}
