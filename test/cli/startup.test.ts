import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, describe, expect, it } from "vitest";

import { runCli } from "../helpers/cli.js";

const recorder = fileURLToPath(new URL("../fixtures/record-imports.mjs", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "taskurai-startup-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HEAVY_MODULES = ["/undici/", "/@azure/", "/@inquirer/", "/cli-table3/", "/zod/", "/better-sqlite3/", "/jmespath/", "/yaml/"];

async function loadedModules(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const { modules, stderr } = await recordImports(args, env);
  expect(stderr).not.toContain("Error");
  return modules;
}

async function recordImports(args: string[], env: Record<string, string> = {}): Promise<{ modules: string[]; stderr: string }> {
  const file = join(scratch, `imports-${Math.random().toString(36).slice(2)}.txt`);
  const run = await runCli(args, { nodeArgs: ["--import", recorder], env: { RECORD_IMPORTS_FILE: file, ...env } });
  return { modules: readFileSync(file, "utf8").trim().split("\n"), stderr: run.stderr };
}

/** Folders for the token cache and the sign-in record, so no test touches the real ones. */
const authFolders = { TASKURAI_CACHE_DIR: join(scratch, "cache"), TASKURAI_CONFIG_DIR: join(scratch, "config") };

describe("start-up", () => {
  it.each([
    [["--version"]],
    [["--help"]],
    [["pat", "--help"]],
    [["pat", "create", "--help"]],
    [["auth", "--help"]],
    [["completion", "bash"]],
    [["__complete", "--current=", "--", "pat"]],
  ])(
    "%j loads no heavy module",
    async (args) => {
      const modules = await loadedModules(args);

      expect(modules.some((url) => url.includes("/dist/cli/"))).toBe(true);
      for (const heavy of HEAVY_MODULES) {
        expect(modules.filter((url) => url.includes(heavy))).toEqual([]);
      }
    },
  );

  it("pat list never loads emulator code", async () => {
    const modules = await loadedModules(["pat", "list"], { TASKURAI_ENDPOINT: "http://127.0.0.1:9", TASKURAI_ACCESS_TOKEN: "x" });

    expect(modules.some((url) => url.includes("/undici/"))).toBe(true);
    expect(modules.filter((url) => url.includes("/dist/emulator/") || url.includes("better-sqlite3"))).toEqual([]);
  });

  it("pat usage error skips identity", async () => {
    const { modules, stderr } = await recordImports(["pat", "create"], { TASKURAI_ENDPOINT: "http://127.0.0.1:9", ...authFolders });

    expect(stderr).toMatch(/^taskurai: /);
    expect(modules.filter((url) => url.includes("/@azure/"))).toEqual([]);
  });

  it("access token skips identity", async () => {
    const { modules } = await recordImports(["pat", "list"], {
      TASKURAI_ENDPOINT: "http://127.0.0.1:9",
      TASKURAI_ACCESS_TOKEN: "x",
      ...authFolders,
    });

    expect(modules.some((url) => url.includes("/undici/"))).toBe(true);
    expect(modules.filter((url) => url.includes("/@azure/"))).toEqual([]);
  });

  it("credential chain loads identity", async () => {
    const { modules, stderr } = await recordImports(["auth", "status"], { PATH: "/nonexistent", HOME: scratch, ...authFolders });

    expect(stderr).toContain("no credential could sign in");
    expect(modules.some((url) => url.includes("/@azure/identity/"))).toBe(true);
  });
});
