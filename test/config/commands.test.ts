import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { parseJson, runCli } from "../helpers/cli.js";

const scratch = mkdtempSync(join(tmpdir(), "taskurai-config-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Returns a configuration folder that does not exist yet and the environment that points the CLI at it. */
function freshConfig(): { dir: string; file: string; env: Record<string, string> } {
  const dir = join(mkdtempSync(join(scratch, "case-")), "taskurai");
  return { dir, file: join(dir, "config.toml"), env: { TASKURAI_CONFIG_DIR: dir } };
}

function writeConfigFile(text: string): { file: string; env: Record<string, string> } {
  const config = freshConfig();
  mkdirSync(config.dir, { recursive: true });
  writeFileSync(config.file, text);
  return config;
}

describe("config set", () => {
  it("writes a user-only file", async () => {
    const { dir, file, env } = freshConfig();

    const run = await runCli(["config", "set", "endpoint", "https://taskurai.example.com"], { env });

    expect(run.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("tightens an existing file's mode", async () => {
    const { file, env } = writeConfigFile('[default]\noutput = "json"\n');
    chmodSync(file, 0o644);

    await runCli(["config", "set", "endpoint", "https://taskurai.example.com"], { env });

    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("leaves no temporary file", async () => {
    const { dir, env } = freshConfig();

    await runCli(["config", "set", "endpoint", "https://taskurai.example.com"], { env });
    await runCli(["config", "set", "output", "table", "--profile", "other"], { env });

    expect(readdirSync(dir)).toEqual(["config.toml"]);
  });

  it("saves the emulator as a profile", async () => {
    const { file, env } = freshConfig();

    const run = await runCli(["config", "set", "endpoint", "http://127.0.0.1:8787/", "--profile", "local"], { env });

    expect(run.code).toBe(0);
    expect(parseJson(run)).toEqual({ profile: "local", key: "endpoint", value: "http://127.0.0.1:8787", file });
    expect(readFileSync(file, "utf8")).toContain('[local]\nendpoint = "http://127.0.0.1:8787"\n');
  });

  it("uses XDG_CONFIG_HOME", async () => {
    const xdg = mkdtempSync(join(scratch, "xdg-"));

    const run = await runCli(["config", "set", "output", "table"], { env: { XDG_CONFIG_HOME: xdg } });

    expect(run.code).toBe(0);
    expect(existsSync(join(xdg, "taskurai", "config.toml"))).toBe(true);
  });

  it.each([
    ["endpoint", "ftp://taskurai.example.com", "expected an https:// URL"],
    ["endpoint", "http://taskurai.example.com", "plain http is allowed only on loopback"],
    ["endpoint", "https://user:pw@taskurai.example.com", "credentials in the URL are not allowed"],
    ["endpoint", "taskurai.example.com", "expected an absolute URL"],
    ["audience", "taskurai", "expected an absolute URI"],
    ["tenant", "not a tenant", "expected a tenant ID (GUID) or a domain name"],
    ["tenant", "contoso", "expected a tenant ID (GUID) or a domain name"],
    ["output", "xml", "expected one of: json, jsonc, table, tsv, yaml, none"],
    ["auth", "password", "expected one of: vscode, azure-cli"],
    ["output", "", "the value is empty"],
  ])("rejects %s %j", async (key, value, problem) => {
    const { file, env } = freshConfig();

    const run = await runCli(["config", "set", key, value], { env });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`taskurai: invalid ${key} '${value}': ${run.stderr.split(": ").slice(2).join(": ")}`);
    expect(run.stderr).toContain(problem);
    expect(existsSync(file)).toBe(false);
  });

  it.each([
    ["tenant", "72F988BF-86F1-41AF-91AB-2D7CD011DB47", "72F988BF-86F1-41AF-91AB-2D7CD011DB47"],
    ["tenant", "contoso.onmicrosoft.com", "contoso.onmicrosoft.com"],
    ["audience", "api://taskurai", "api://taskurai"],
    ["audience", "https://taskurai.example.com/api", "https://taskurai.example.com/api"],
    ["output", "TSV", "tsv"],
    ["auth", "azure-cli", "azure-cli"],
    ["endpoint", "https://taskurai.example.com//", "https://taskurai.example.com"],
    ["endpoint", "http://[::1]:8787", "http://[::1]:8787"],
  ])("stores %s %j", async (key, value, stored) => {
    const { file, env } = freshConfig();

    const run = await runCli(["config", "set", key, value], { env });

    expect(run.code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain(`\n${key} = "${stored}"\n`);
  });

  it.each(["access-token", "client_secret", "password", "apiKey"])("rejects secret key %s", async (key) => {
    const { file, env } = freshConfig();

    const run = await runCli(["config", "set", key, "abc"], { env });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`'${key}' looks like a secret`);
    expect(existsSync(file)).toBe(false);
  });

  it("rejects an unknown key", async () => {
    const run = await runCli(["config", "set", "colour", "red"], { env: freshConfig().env });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("taskurai: unknown configuration key 'colour'; expected one of: endpoint, audience, tenant, output, auth\n");
  });

  it("rejects an invalid profile name", async () => {
    const { file, env } = freshConfig();

    const run = await runCli(["config", "set", "output", "json", "--profile", "../x"], { env });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("invalid --profile '../x'");
    expect(existsSync(file)).toBe(false);
  });

  it("warns when the environment overrides", async () => {
    const { env } = freshConfig();

    const run = await runCli(["config", "set", "output", "table"], { env: { ...env, TASKURAI_OUTPUT: "json" } });

    expect(run.code).toBe(0);
    expect(run.stderr).toContain("TASKURAI_OUTPUT is set in the environment and takes precedence");
  });
});

describe("config unset", () => {
  it("removes a key", async () => {
    const { file, env } = writeConfigFile('[default]\noutput = "json"\nendpoint = "https://a.example.com"\n');

    const run = await runCli(["config", "unset", "endpoint"], { env });

    expect(run.code).toBe(0);
    expect(parseJson(run)).toMatchObject({ profile: "default", key: "endpoint", removed: true });
    expect(readFileSync(file, "utf8")).toBe('[default]\noutput = "json"\n');
  });

  it("succeeds when the key is not set", async () => {
    const { env } = freshConfig();

    const run = await runCli(["config", "unset", "tenant", "--profile", "local"], { env });

    expect(run.code).toBe(0);
    expect(parseJson(run)).toMatchObject({ profile: "local", key: "tenant", removed: false });
  });
});

describe("config get", () => {
  it("fails when nothing sets the key", async () => {
    const run = await runCli(["config", "get", "tenant"], { env: freshConfig().env });

    expect(run.code).toBe(4);
    expect(run.stderr).toBe(
      "taskurai: tenant is not set by --tenant, AZURE_TENANT_ID or profile 'default'; set it with 'taskurai config set tenant VALUE'\n",
    );
  });
});

describe("config list", () => {
  it("shows every profile", async () => {
    const { file, env } = writeConfigFile(
      '[default]\nendpoint = "https://prod.example.com"\n\n[local]\nendpoint = "http://127.0.0.1:8787"\noutput = "table"\n',
    );

    const run = await runCli(["config", "list", "--output", "json"], { env: { ...env, TASKURAI_PROFILE: "local" } });

    expect(run.code).toBe(0);
    expect(parseJson(run)).toEqual({
      file,
      profile: { name: "local", source: "environment" },
      settings: [
        { key: "endpoint", value: "http://127.0.0.1:8787", source: "profile", origin: `profile 'local' in ${file} line 5` },
        { key: "audience", value: "api://taskurai", source: "default", origin: "built-in default" },
        { key: "tenant", value: null, source: null, origin: null },
        { key: "output", value: "json", source: "flag", origin: "--output" },
        { key: "auth", value: null, source: null, origin: null },
      ],
      profiles: [
        { name: "default", active: false, values: { endpoint: "https://prod.example.com" } },
        { name: "local", active: true, values: { endpoint: "http://127.0.0.1:8787", output: "table" } },
      ],
    });
  });

  it("works without a file", async () => {
    const { file, env } = freshConfig();

    const run = await runCli(["config", "list"], { env });

    expect(run.code).toBe(0);
    expect(parseJson(run)).toMatchObject({ file, profile: { name: "default", source: "default" }, profiles: [] });
    expect(existsSync(file)).toBe(false);
  });
});

describe("corrupt configuration file", () => {
  const corrupt = '# mine\n[default]\nendpoint = https://taskurai.example.com\n';

  it.each([[["config", "get", "endpoint"]], [["config", "list"]], [["pat", "list"]], [["config", "set", "output", "json"]]])(
    "%j names file and line",
    async (args) => {
      const { file, env } = writeConfigFile(corrupt);

      const run = await runCli(args, { env: { ...env, TASKURAI_ACCESS_TOKEN: "x" } });

      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `taskurai: invalid configuration file ${file} line 3: expected a quoted string after 'endpoint =', such as endpoint = "value"; correct or remove that line\n`,
      );
      expect(readFileSync(file, "utf8")).toBe(corrupt);
    },
  );

  it.each([[["--version"]], [["--help"]], [["config", "set", "--help"]]])("%j reads no file", async (args) => {
    const { env } = writeConfigFile(corrupt);

    const run = await runCli(args, { env });

    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
  });

  it("is skipped when flags set everything", async () => {
    const { env } = writeConfigFile(corrupt);

    const run = await runCli(["config", "get", "endpoint", "--endpoint", "https://a.example.com", "--output", "json"], { env });

    expect(run.code).toBe(0);
    expect(parseJson(run)).toEqual({ key: "endpoint", value: "https://a.example.com" });
  });
});

describe("missing named profile", () => {
  const saved = '[default]\noutput = "json"\n';

  it("default profile named explicitly may be absent", async () => {
    const { env } = writeConfigFile('[other]\noutput = "json"\n');

    const run = await runCli(["config", "get", "endpoint", "--profile", "default"], { env });

    expect(run.code).toBe(4);
    expect(run.stderr).not.toContain("does not exist");
  });

  it.each([[["config", "get", "output"]], [["config", "list"]]])("%j from TASKURAI_PROFILE", async (args) => {
    const { file, env } = writeConfigFile(saved);

    const run = await runCli(args, { env: { ...env, TASKURAI_PROFILE: "nope" } });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `taskurai: profile 'nope' (from TASKURAI_PROFILE) does not exist in ${file}; create it with ` +
        `'taskurai config set endpoint URL --profile nope', or unset TASKURAI_PROFILE and see 'taskurai config list'\n`,
    );
  });

  it.each([[["config", "get", "output"]], [["config", "list"]]])("%j from --profile", async (args) => {
    const { file, env } = writeConfigFile(saved);

    const run = await runCli([...args, "--profile", "nope"], { env });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `taskurai: profile 'nope' (from --profile) does not exist in ${file}; create it with ` +
        `'taskurai config set endpoint URL --profile nope' or see 'taskurai config list'\n`,
    );
  });

  it("is checked when a flag sets the key", async () => {
    const { env } = writeConfigFile(saved);

    const run = await runCli(["config", "get", "output", "--output", "table", "--profile", "nope"], { env });

    expect(run.code).toBe(2);
  });

  it("default profile may be absent", async () => {
    const { env } = writeConfigFile('[local]\noutput = "table"\n');

    const run = await runCli(["config", "get", "output", "--output", "json"], { env });

    expect(run.code).toBe(0);
    expect(parseJson(run)).toEqual({ key: "output", value: "json" });
  });
});
