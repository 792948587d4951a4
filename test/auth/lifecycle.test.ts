import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseJson, runCli, type CliRun } from "../helpers/cli.js";
import { startEmulator } from "../helpers/emulator.js";
import { createFakeTools, type FakeToolName, type FakeTools } from "./fake-tools.js";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

// One key signs every fake tool's tokens, so one emulator trusts them all through --jwks.
const keyHolder = createFakeTools([]);
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ args: ["--jwks", keyHolder.jwksFile] });
});
afterAll(async () => {
  await emulator?.stop();
  keyHolder.cleanup();
});

function toolsSharingKey(tools: FakeToolName[]): FakeTools {
  return createFakeTools(tools, keyHolder);
}

async function cli(tools: FakeTools, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli([...args, "--output", "json"], { env: tools.env({ TASKURAI_ENDPOINT: emulator.url, ...env }) });
}

async function lifecycle(tools: FakeTools, name: string): Promise<void> {
  const created = await cli(tools, ["pat", "create", "--name", name, "--valid-minutes", "60", "--scopes", "Taskurai.Task.Read"]);
  expect(created.stderr).not.toContain("taskurai:");
  expect(created.code).toBe(0);

  const listed = await cli(tools, ["pat", "list"]);
  expect(parseJson<Array<{ name: string }>>(listed).map((pat) => pat.name)).toContain(name);

  const deleted = await cli(tools, ["pat", "delete", "--name", name]);
  expect(deleted.code).toBe(0);
}

describe("pat lifecycle with fake tools", () => {
  it("runs through azure-cli", async () => {
    const tools = toolsSharingKey(["az", "pwsh"]);
    try {
      await lifecycle(tools, "through-az");

      expect(tools.calls("az")).toHaveLength(1);
      expect(tools.calls("pwsh")).toEqual([]);
    } finally {
      tools.cleanup();
    }
  });

  it("runs through powershell without az", async () => {
    const tools = toolsSharingKey(["pwsh"]);
    try {
      await lifecycle(tools, "through-pwsh");

      expect(tools.calls("pwsh").filter((call) => call.argv[0] === "-NoProfile")).toHaveLength(1);
    } finally {
      tools.cleanup();
    }
  });

  it("fails with reasons without tools", async () => {
    const tools = toolsSharingKey(["xdg-open"]);
    try {
      const run = await cli(tools, ["pat", "list"], { DISPLAY: ":0" });

      expect(run.code).toBe(3);
      expect(run.stderr).toContain("  - azure-cli: not installed\n");
      expect(run.stderr).toContain("  - azure-powershell: not installed\n");
      expect(run.stderr).toContain("  - browser: skipped: no terminal\n");
      expect(tools.calls("xdg-open")).toEqual([]);
    } finally {
      tools.cleanup();
    }
  });

  it("401 shows the audience mismatch", async () => {
    const tools = toolsSharingKey(["az"]);
    try {
      const run = await cli(tools, ["pat", "list"], { FAKE_TOKEN_AUDIENCE: "api://someone-else" });

      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^taskurai: the Taskurai API rejected the access token: /);
      expect(run.stderr).toContain("the token from azure-cli has audience 'api://someone-else' (requested 'api://taskurai')");
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    } finally {
      tools.cleanup();
    }
  });

  it("401 drops the cached token", async () => {
    const tools = toolsSharingKey(["az"]);
    try {
      await cli(tools, ["pat", "list"], { FAKE_TOKEN_AUDIENCE: "api://someone-else" });
      const retry = await cli(tools, ["pat", "list"]);

      expect(retry.code).toBe(0);
      expect(tools.calls("az")).toHaveLength(2);
    } finally {
      tools.cleanup();
    }
  });
});
