import { execFile, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { baseEnv, CLI_BIN, runCli } from "../helpers/cli.js";
import { startSession, type Session, type User } from "./session.js";

const exec = promisify(execFile);
const shimFolder = mkdtempSync(join(tmpdir(), "taskurai-completion-"));
/** Folder the shells run in. It contains a file and a folder, so a fallback to file names shows. */
const workFolder = join(shimFolder, "work");
/** Configuration folder with two profiles. */
const configFolder = join(shimFolder, "config");
/** Configuration folder with no file, the default for every shell here. */
const noConfigFolder = join(shimFolder, "no-config");
let session: Session;
let user: User;

beforeAll(async () => {
  // A `taskurai` on PATH, as an installed CLI would be, for the scripts to call.
  const shim = join(shimFolder, "taskurai");
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI_BIN}" "$@"\n`);
  chmodSync(shim, 0o755);
  mkdirSync(join(workFolder, "notes"), { recursive: true });
  writeFileSync(join(workFolder, "deploy.pat"), "");
  mkdirSync(configFolder);
  writeFileSync(join(configFolder, "config.toml"), '[local]\nendpoint = "http://127.0.0.1:8787"\n\n[staging]\noutput = "json"\n');
  session = await startSession();
  user = await session.newUser();
  await user.createTokens("comp-alpha", "comp-beta");
});
afterAll(async () => {
  await session?.stop();
  rmSync(shimFolder, { recursive: true, force: true });
});

/** Environment of a shell that finds the shim as `taskurai` on PATH. */
function shellEnv(env: Record<string, string>): Record<string, string> {
  return { ...baseEnv(), TASKURAI_CONFIG_DIR: noConfigFolder, ...env, PATH: `${shimFolder}${delimiter}${baseEnv().PATH}` };
}

/** Completes `words` in a real bash with the generated script loaded; the last word is the one being completed. */
async function bashComplete(words: string[], env: Record<string, string> = {}): Promise<string[]> {
  const script = [
    "source <(taskurai completion bash)",
    `COMP_WORDS=(${words.map((word) => `'${word}'`).join(" ")})`,
    `COMP_CWORD=${words.length - 1}`,
    "_taskurai",
    `printf '%s\\n' "\${COMPREPLY[@]}"`,
  ].join("\n");
  const { stdout } = await exec("bash", ["-c", script], { env: shellEnv(env), cwd: workFolder, timeout: 20_000 });
  return stdout.split("\n").filter((line) => line !== "");
}

function hasShell(shell: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;
}

describe("bash completion", () => {
  it("completes commands", async () => {
    expect(await bashComplete(["taskurai", "pa"])).toEqual(["pat"]);
  });

  it("completes verbs", async () => {
    expect(await bashComplete(["taskurai", "pat", ""])).toEqual(["create", "update", "show", "list", "delete", "help"]);
  });

  it("completes flags", async () => {
    expect(await bashComplete(["taskurai", "pat", "delete", "--"])).toEqual(expect.arrayContaining(["--name", "--expired", "--yes", "--output", "--query"]));
  });

  it("completes scope names", async () => {
    expect(await bashComplete(["taskurai", "pat", "create", "--scopes", "Taskurai.Log.W"])).toEqual([
      "Taskurai.Log.Worker.Console.Read",
      "Taskurai.Log.Worker.System.Read",
    ]);
  });

  it("completes output formats", async () => {
    expect(await bashComplete(["taskurai", "pat", "list", "-o", "js"])).toEqual(["json", "jsonc"]);
  });

  it("completes existing token names", async () => {
    expect(await bashComplete(["taskurai", "pat", "delete", "--name", "comp-"], user.env)).toEqual(["comp-alpha", "comp-beta"]);
  });

  it("completes shells", async () => {
    expect(await bashComplete(["taskurai", "completion", ""])).toEqual(["bash", "zsh", "fish", "powershell"]);
  });

  it("registers without file fallback", async () => {
    const { stdout } = await exec("bash", ["-c", "source <(taskurai completion bash)\ncomplete -p taskurai"], { env: shellEnv({}) });

    expect(stdout.trim()).toBe("complete -F _taskurai taskurai");
  });

  it("offers nothing for unknown names", async () => {
    expect(await bashComplete(["taskurai", "pat", "show", "--name", ""])).toEqual([]);
  });

  it("completes token file paths", async () => {
    expect(await bashComplete(["taskurai", "pat", "create", "--token-file", "de"])).toEqual(["deploy.pat"]);
  });

  it("completes token file after =", async () => {
    expect(await bashComplete(["taskurai", "pat", "update", "--token-file", "=", "no"])).toEqual(["notes"]);
  });

  it("completes config keys", async () => {
    expect(await bashComplete(["taskurai", "config", "set", ""])).toEqual(["endpoint", "audience", "tenant", "output", "auth"]);
  });

  it("completes config keys by prefix", async () => {
    expect(await bashComplete(["taskurai", "config", "unset", "au"])).toEqual(["audience", "auth"]);
  });

  it("completes config values", async () => {
    expect(await bashComplete(["taskurai", "config", "set", "output", "ts"])).toEqual(["tsv"]);
  });

  it("completes profile names", async () => {
    expect(await bashComplete(["taskurai", "--profile", ""], { TASKURAI_CONFIG_DIR: configFolder })).toEqual(["local", "staging"]);
  });

  it("offers no profiles without file", async () => {
    expect(await bashComplete(["taskurai", "pat", "list", "--profile", ""])).toEqual([]);
  });

  it("completes auth names", async () => {
    expect(await bashComplete(["taskurai", "auth", "status", "--auth", "azure-"])).toEqual(["azure-cli", "azure-powershell"]);
  });

  it("completes scopes in any case", async () => {
    expect(await bashComplete(["taskurai", "pat", "create", "--scopes", "taskurai.task.r"])).toEqual(["Taskurai.Task.Read"]);
  });

  it("completes the last listed scope", async () => {
    expect(await bashComplete(["taskurai", "pat", "create", "--scopes", "Taskurai.Task.Read,Taskurai.Log.W"])).toEqual([
      "Taskurai.Task.Read,Taskurai.Log.Worker.Console.Read",
      "Taskurai.Task.Read,Taskurai.Log.Worker.System.Read",
    ]);
  });

  it("completes a value after =", async () => {
    expect(await bashComplete(["taskurai", "pat", "list", "--output", "=", "j"])).toEqual(["json", "jsonc"]);
  });

  it("completes an empty value after =", async () => {
    expect(await bashComplete(["taskurai", "pat", "list", "--sort", "="])).toEqual(["name", "expires"]);
  });
});

describe.skipIf(!hasShell("fish"))("fish completion", () => {
  async function fishComplete(line: string, env: Record<string, string> = {}): Promise<string[]> {
    const script = `taskurai completion fish | source; complete -C '${line}'`;
    const { stdout } = await exec("fish", ["--no-config", "-c", script], { env: shellEnv(env), cwd: workFolder, timeout: 20_000 });
    return stdout.split("\n").filter((entry) => entry !== "");
  }

  it("completes verbs", async () => {
    expect(await fishComplete("taskurai pat cr")).toEqual(["create"]);
  });

  it("completes token names", async () => {
    expect(await fishComplete("taskurai pat show --name comp-a", user.env)).toEqual(["comp-alpha"]);
  });

  it("offers no files for profiles", async () => {
    expect(await fishComplete("taskurai --profile ")).toEqual([]);
  });

  it("completes the last listed scope", async () => {
    expect(await fishComplete("taskurai pat create --scopes Taskurai.Task.Read,Taskurai.Log.Worker.S")).toEqual([
      "Taskurai.Task.Read,Taskurai.Log.Worker.System.Read",
    ]);
  });

  it("completes config keys", async () => {
    expect(await fishComplete("taskurai config get ten")).toEqual(["tenant"]);
  });

  it("completes token file paths", async () => {
    expect(await fishComplete("taskurai pat create --token-file dep")).toEqual(["deploy.pat"]);
  });

  it("offers --token-file only where it exists", async () => {
    expect(await fishComplete("taskurai pat list --tok")).toEqual([]);
  });
});

describe.skipIf(!hasShell("zsh"))("zsh completion", () => {
  /** Runs the zsh function with `compadd` and `_files` replaced by functions that print their input. */
  async function zshComplete(words: string[], env: Record<string, string> = {}): Promise<string[]> {
    const script = [
      "compdef() { :; }",
      'compadd() { print -l -- "${@[${@[(i)--]}+1,-1]}"; }',
      "_files() { print -- FILES; }",
      "source <(taskurai completion zsh)",
      `words=(${words.map((word) => `'${word}'`).join(" ")})`,
      `CURRENT=${words.length}`,
      "_taskurai",
    ].join("\n");
    const { stdout } = await exec("zsh", ["-f", "-c", script], { env: shellEnv(env), cwd: workFolder, timeout: 20_000 });
    return stdout.split("\n").filter((entry) => entry !== "");
  }

  it("completes scope names", async () => {
    expect(await zshComplete(["taskurai", "pat", "create", "--scopes", "Taskurai.Log.W"])).toEqual([
      "Taskurai.Log.Worker.Console.Read",
      "Taskurai.Log.Worker.System.Read",
    ]);
  });

  it("completes token file paths", async () => {
    expect(await zshComplete(["taskurai", "pat", "create", "--token-file", ""])).toEqual(["FILES"]);
  });

  it("offers no files for profiles", async () => {
    expect(await zshComplete(["taskurai", "--profile", ""])).toEqual([]);
  });

  it("completes a flag=value word", async () => {
    expect(await zshComplete(["taskurai", "pat", "list", "--output=js"])).toEqual(["--output=json", "--output=jsonc"]);
  });
});

describe("__complete", () => {
  it("is silent when not signed in", async () => {
    const run = await runCli(["__complete", "--current=", "--", "pat", "show", "--name"], {
      env: { TASKURAI_ENDPOINT: session.emulator.url },
      killAfterMs: 10_000,
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("");
  });

  it("is silent when unreachable", async () => {
    const run = await runCli(["__complete", "--current=", "--", "pat", "show", "--name"], {
      env: { TASKURAI_ENDPOINT: "http://127.0.0.1:9", TASKURAI_ACCESS_TOKEN: "x" },
      killAfterMs: 10_000,
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("");
  });

  it("is silent on an invalid config", async () => {
    const folder = mkdtempSync(join(shimFolder, "invalid-config-"));
    writeFileSync(join(folder, "config.toml"), "[local\n");
    const run = await runCli(["__complete", "--current=", "--", "--profile"], { env: { TASKURAI_CONFIG_DIR: folder } });

    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("");
  });

  it("does not offer names to create", async () => {
    const run = await runCli(["__complete", "--current=", "--", "pat", "create", "--name"], { env: user.env });

    expect(run.stdout).toBe("");
  });
});

describe("completion scripts", () => {
  it.each(["bash", "zsh", "fish", "powershell"])("%s script calls __complete", async (shell) => {
    const run = await runCli(["completion", shell]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("taskurai __complete");
  });

  it("unknown shell is a usage error", async () => {
    const run = await runCli(["completion", "tcsh"]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("tcsh");
  });

  it.skipIf(!hasShell("zsh"))("zsh script parses", async () => {
    await expectParses("zsh", ["-n"]);
  });

  it.skipIf(!hasShell("fish"))("fish script parses", async () => {
    await expectParses("fish", ["--no-execute"]);
  });

  async function expectParses(shell: string, flags: string[]): Promise<void> {
    const script = (await runCli(["completion", shell])).stdout;
    const file = join(shimFolder, `completion.${shell}`);
    writeFileSync(file, script);

    await expect(exec(shell, [...flags, file])).resolves.toBeDefined();
  }
});
