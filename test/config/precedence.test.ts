import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { parseJson, runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "taskurai-precedence-"));
const file = join(dir, "config.toml");
mkdirSync(dir, { recursive: true });
writeFileSync(
  file,
  [
    "[default]",
    'endpoint = "https://default.example.com"',
    "",
    "[staging]",
    'endpoint = "https://staging.example.com"',
    'audience = "api://taskurai-staging"',
    'output = "table"',
    "",
    "[prod]",
    'endpoint = "https://prod.example.com"',
    "",
  ].join("\n"),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FLAG = ["--endpoint", "https://flag.example.com"];
const ENV = { TASKURAI_ENDPOINT: "https://env.example.com" };

describe("setting precedence", () => {
  it.each([
    ["flag over all", FLAG, ENV, { value: "https://flag.example.com", source: "flag", origin: "--endpoint" }],
    ["environment over profile", [], ENV, { value: "https://env.example.com", source: "environment", origin: "TASKURAI_ENDPOINT" }],
    [
      "default profile",
      [],
      {},
      { value: "https://default.example.com", source: "profile", origin: `profile 'default' in ${file} line 2` },
    ],
    [
      "--profile",
      ["--profile", "staging"],
      {},
      { value: "https://staging.example.com", source: "profile", origin: `profile 'staging' in ${file} line 5` },
    ],
    [
      "TASKURAI_PROFILE",
      [],
      { TASKURAI_PROFILE: "prod" },
      { value: "https://prod.example.com", source: "profile", origin: `profile 'prod' in ${file} line 10` },
    ],
    [
      "--profile over TASKURAI_PROFILE",
      ["--profile", "staging"],
      { TASKURAI_PROFILE: "prod" },
      { value: "https://staging.example.com", source: "profile", origin: `profile 'staging' in ${file} line 5` },
    ],
  ])("endpoint: %s", async (_name, args, env, expected) => {
    const run = await runCli(["config", "get", "endpoint", "--show-source", "--output", "json", ...args], {
      env: { TASKURAI_CONFIG_DIR: dir, ...env },
    });

    expect(run.stderr).toBe("");
    expect(parseJson(run)).toEqual({ key: "endpoint", ...expected });
  });

  it("built-in default last", async () => {
    const run = await runCli(["config", "get", "audience", "--show-source", "--output", "json"], { env: { TASKURAI_CONFIG_DIR: dir } });

    expect(parseJson(run)).toEqual({ key: "audience", value: "api://taskurai", source: "default", origin: "built-in default" });
  });

  it("profile over built-in default", async () => {
    const run = await runCli(["config", "get", "audience", "--show-source", "--output", "json", "--profile", "staging"], {
      env: { TASKURAI_CONFIG_DIR: dir },
    });

    expect(parseJson(run)).toMatchObject({ value: "api://taskurai-staging", source: "profile" });
  });

  it("profile output format applies", async () => {
    const run = await runCli(["config", "get", "endpoint", "--profile", "staging"], { env: { TASKURAI_CONFIG_DIR: dir } });

    expect(run.stdout).toBe("https://staging.example.com\n");
  });

  it("environment output beats profile", async () => {
    const run = await runCli(["config", "get", "endpoint", "--profile", "staging"], {
      env: { TASKURAI_CONFIG_DIR: dir, TASKURAI_OUTPUT: "json" },
    });

    expect(parseJson(run)).toEqual({ key: "endpoint", value: "https://staging.example.com" });
  });

  it("show-source as text", async () => {
    const run = await runCli(["config", "get", "endpoint", "--show-source", "--output", "table"], { env: { TASKURAI_CONFIG_DIR: dir, ...ENV } });

    expect(run.stdout).toBe("https://env.example.com\tfrom TASKURAI_ENDPOINT\n");
  });

  it("unknown named profile fails", async () => {
    const run = await runCli(["pat", "list", "--profile", "typo"], { env: { TASKURAI_CONFIG_DIR: dir, TASKURAI_ACCESS_TOKEN: "x" } });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `taskurai: profile 'typo' (from --profile) does not exist in ${file}; create it with 'taskurai config set endpoint URL --profile typo' or see 'taskurai config list'\n`,
    );
  });
});
