import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { parseJson, runCli } from "../helpers/cli.js";

const scratch = mkdtempSync(join(tmpdir(), "taskurai-store-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Returns an existing, empty configuration folder and the environment that points the CLI at it. */
function configFolder(): { dir: string; file: string; lock: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(scratch, "case-"));
  const file = join(dir, "config.toml");
  return { dir, file, lock: `${file}.lock`, env: { TASKURAI_CONFIG_DIR: dir } };
}

describe("config file lock", () => {
  it("keeps concurrent writes", async () => {
    const { env } = configFolder();
    const profiles = Array.from({ length: 12 }, (_, i) => `p${i}`);

    const runs = await Promise.all(
      profiles.map((profile, i) => runCli(["config", "set", "endpoint", `http://127.0.0.1:${1000 + i}`, "--profile", profile], { env })),
    );

    for (const run of runs) expect(run.stderr).toBe("");
    const listed = parseJson<{ profiles: { name: string }[] }>(await runCli(["config", "list", "--output", "json"], { env }));
    expect(listed.profiles.map((profile) => profile.name).sort()).toEqual([...profiles].sort());
  });

  it("is released after a write", async () => {
    const { dir, env } = configFolder();

    await runCli(["config", "set", "output", "table"], { env });
    await runCli(["config", "unset", "output"], { env });

    expect(readdirSync(dir)).toEqual(["config.toml"]);
  });

  it("removes a stale lock", async () => {
    const { file, lock, env } = configFolder();
    writeFileSync(lock, "12345\n");
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);

    const run = await runCli(["config", "set", "output", "table"], { env });

    expect(run.code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain('output = "table"');
    expect(existsSync(lock)).toBe(false);
  });

  it("times out on a held lock", { timeout: 30_000 }, async () => {
    const { file, lock, env } = configFolder();
    writeFileSync(lock, "12345\n");

    const run = await runCli(["config", "set", "output", "table"], { env });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `taskurai: timed out after 10 s waiting for the configuration lock ${lock}; another taskurai process is changing ` +
        `the configuration, so try again, or delete ${lock} if no taskurai process is running\n`,
    );
    expect(existsSync(file)).toBe(false);
    expect(existsSync(lock)).toBe(true);
  });
});

describe("symlinked config file", () => {
  it("keeps the link", async () => {
    const { dir, file, env } = configFolder();
    const dotfiles = mkdtempSync(join(scratch, "dotfiles-"));
    const real = join(dotfiles, "taskurai.toml");
    writeFileSync(real, '# mine\n[default]\noutput = "json"\n');
    symlinkSync(real, file);

    const run = await runCli(["config", "set", "endpoint", "https://taskurai.example.com"], { env });

    expect(run.code).toBe(0);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe('# mine\n[default]\noutput = "json"\nendpoint = "https://taskurai.example.com"\n');
    expect(readdirSync(dotfiles)).toEqual(["taskurai.toml"]);
    expect(readdirSync(dir)).toEqual(["config.toml"]);
  });

  it("follows a relative link", async () => {
    const { dir, file, env } = configFolder();
    writeFileSync(join(dir, "real.toml"), '[default]\noutput = "json"\nendpoint = "https://taskurai.example.com"\n');
    symlinkSync("real.toml", file);

    await runCli(["config", "unset", "output"], { env });

    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real.toml"), "utf8")).toBe('[default]\nendpoint = "https://taskurai.example.com"\n');
  });

  it("creates a dangling link's target", async () => {
    const { dir, file, env } = configFolder();
    const real = join(dir, "real.toml");
    symlinkSync(real, file);

    const run = await runCli(["config", "set", "output", "table"], { env });

    expect(run.code).toBe(0);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toContain('[default]\noutput = "table"\n');
  });
});

describe("config file is a directory", () => {
  it.each([[["config", "get", "endpoint"]], [["config", "list"]], [["config", "set", "output", "json"]], [["config", "unset", "output"]]])(
    "%j names the path",
    async (args) => {
      const { file, env } = configFolder();
      mkdirSync(file);

      const run = await runCli(args, { env });

      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `taskurai: invalid configuration file ${file}: it is a directory, not a file; remove or rename that directory\n`,
      );
    },
  );
});
