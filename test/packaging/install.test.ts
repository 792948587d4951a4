import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { baseEnv, parseJson, runCli, type CliRun } from "../helpers/cli.js";
import { mintAccessToken, startEmulator } from "../helpers/emulator.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "taskurai-package-"));
const prefix = join(scratch, "prefix");
const installed = join(prefix, "lib", "node_modules", "taskurai");
const repoVersion = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;

let packedFiles: string[] = [];
let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let cliEnv: Record<string, string> = {};

/** Runs `command` to completion; npm gets this process's environment without the npm_* variables of an enclosing `npm test`. */
function run(command: string, args: string[], env: Record<string, string | undefined>, cwd = scratch): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function npmEnv(): Record<string, string | undefined> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return {
    ...env,
    // prebuild-install then downloads nothing, and node-gyp finds no Node.js headers: the native
    // build of better-sqlite3 fails as it does on a machine without a build toolchain.
    npm_config_build_from_source: "true",
    npm_config_nodedir: join(scratch, "no-node-headers"),
    npm_config_update_notifier: "false",
  };
}

function isPackResult(value: unknown): value is { filename: string; files: { path: string }[] }[] {
  if (!Array.isArray(value) || value.length !== 1) return false;
  const [entry] = value as unknown[];
  return typeof entry === "object" && entry !== null && "filename" in entry && "files" in entry && Array.isArray(entry.files);
}

beforeAll(async () => {
  const pack = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], npmEnv(), root);
  expect(pack.code, pack.stderr).toBe(0);
  const result: unknown = JSON.parse(pack.stdout);
  if (!isPackResult(result)) throw new Error(`unexpected npm pack output: ${pack.stdout}`);
  packedFiles = result[0]?.files.map((file) => file.path) ?? [];

  const tarball = join(scratch, result[0]?.filename ?? "");
  const install = await run(
    "npm",
    ["install", "--global", "--prefix", prefix, tarball, "--prefer-offline", "--no-audit", "--no-fund"],
    npmEnv(),
  );
  expect(install.code, install.stderr).toBe(0);

  const dataDir = join(scratch, "emulator");
  emulator = await startEmulator({ dataDir });
  cliEnv = {
    TASKURAI_CONFIG_DIR: join(scratch, "config"),
    TASKURAI_ENDPOINT: emulator.url,
    TASKURAI_ACCESS_TOKEN: await mintAccessToken(dataDir, { user: "packager" }),
  };
  const created = await runCli(["pat", "create", "--name", "packaged", "--scopes", "Taskurai.Task.*"], { env: cliEnv });
  expect(created.code, created.stderr).toBe(0);
}, 300_000);

afterAll(async () => {
  await emulator?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function runInstalled(name: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return run(join(prefix, "bin", name), args, { ...baseEnv(), ...env });
}

// NOTE: runs the POSIX launchers in <prefix>/bin; npm creates .cmd launchers on Windows instead.
describe.skipIf(process.platform === "win32")("packed and installed package", () => {
  it("contains only what it needs", () => {
    const unexpected = packedFiles.filter(
      (path) => !/^(bin\/[^/]+\.js|dist\/.+\.js|README\.md|LICENSE|docs\/api\.md|package\.json)$/.test(path),
    );

    expect(unexpected).toEqual([]);
    expect(packedFiles).toEqual(expect.arrayContaining(["bin/taskurai.js", "bin/taskurai-emulator.js", "dist/cli/main.js", "LICENSE", "docs/api.md"]));
  });

  it("declares engines, licence and repository", () => {
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as Record<string, unknown>;

    expect(manifest.engines).toEqual({ node: ">=20.19" });
    expect(manifest.license).toBe("MIT");
    expect(manifest.repository).toMatchObject({ type: "git", url: expect.stringMatching(/^git\+https:\/\//) });
  });

  it.each(["taskurai.js", "taskurai-emulator.js"])("%s starts with a node shebang", (file) => {
    expect(readFileSync(join(installed, "bin", file), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("installs without better-sqlite3", () => {
    expect(existsSync(join(installed, "node_modules", "better-sqlite3"))).toBe(false);
  });

  it("prints the version", async () => {
    const result = await runInstalled("taskurai", ["--version"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${repoVersion}\n`);
  });

  it("prints help", async () => {
    const result = await runInstalled("taskurai", ["--help"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("pat");
    expect(result.stdout).toContain("config");
  });

  it("lists tokens from the emulator", async () => {
    const result = await runInstalled("taskurai", ["pat", "list", "--output", "json"], cliEnv);

    expect(result.stderr).toBe("");
    expect(parseJson<{ name: string }[]>(result).map((pat) => pat.name)).toEqual(["packaged"]);
  });

  it("emulator explains the missing driver", async () => {
    const result = await runInstalled("taskurai-emulator", ["--port", "0", "--data-dir", join(scratch, "installed-emulator")]);

    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("better-sqlite3");
  });
});
