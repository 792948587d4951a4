import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseJson, runCli } from "../helpers/cli.js";
import { mintAccessToken, startEmulator } from "../helpers/emulator.js";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const scratch = mkdtempSync(join(tmpdir(), "taskurai-profiles-"));
const configDir = join(scratch, "config");
const emulators: Emulator[] = [];
let env: Record<string, string>;

async function names(args: string[], extraEnv: Record<string, string> = {}): Promise<string[]> {
  const run = await runCli(["pat", "list", "--output", "json", ...args], { env: { ...env, ...extraEnv } });
  expect(run.stderr).toBe("");
  return parseJson<{ name: string }[]>(run).map((pat) => pat.name);
}

beforeAll(async () => {
  const dataA = join(scratch, "a");
  const dataB = join(scratch, "b");
  const a = await startEmulator({ dataDir: dataA });
  emulators.push(a);
  // Both instances trust the same signing key, as two Taskurai instances trust the same Entra tenant,
  // so one access token works against either and only the endpoint distinguishes them.
  mkdirSync(dataB, { mode: 0o700 });
  copyFileSync(join(dataA, "signing-key.json"), join(dataB, "signing-key.json"));
  const b = await startEmulator({ dataDir: dataB });
  emulators.push(b);

  env = { TASKURAI_CONFIG_DIR: configDir, TASKURAI_ACCESS_TOKEN: await mintAccessToken(dataA, { user: "alice" }) };
  for (const [emulator, name] of [[a, "alpha-token"], [b, "bravo-token"]] as const) {
    const created = await runCli(["pat", "create", "--name", name, "--scopes", "Taskurai.Task.*", "--endpoint", emulator.url], { env });
    expect(created.code).toBe(0);
  }
  for (const [emulator, profile] of [[a, "a"], [b, "b"]] as const) {
    const saved = await runCli(["config", "set", "endpoint", emulator.url, "--profile", profile], { env });
    expect(saved.code).toBe(0);
  }
});

afterAll(async () => {
  for (const emulator of emulators) await emulator.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("profiles against two emulators", () => {
  it("--profile a lists alpha", async () => {
    expect(await names(["--profile", "a"])).toEqual(["alpha-token"]);
  });

  it("TASKURAI_PROFILE=b lists bravo", async () => {
    expect(await names([], { TASKURAI_PROFILE: "b" })).toEqual(["bravo-token"]);
  });

  it("--profile beats TASKURAI_PROFILE", async () => {
    expect(await names(["--profile", "a"], { TASKURAI_PROFILE: "b" })).toEqual(["alpha-token"]);
  });

  it("TASKURAI_ENDPOINT beats the profile", async () => {
    const b = emulators[1]?.url ?? "";
    expect(await names(["--profile", "a"], { TASKURAI_ENDPOINT: b })).toEqual(["bravo-token"]);
  });
});
