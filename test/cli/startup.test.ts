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
  const file = join(scratch, `imports-${Math.random().toString(36).slice(2)}.txt`);
  const run = await runCli(args, { nodeArgs: ["--import", recorder], env: { RECORD_IMPORTS_FILE: file, ...env } });
  expect(run.stderr).not.toContain("Error");
  return readFileSync(file, "utf8").trim().split("\n");
}

describe("start-up", () => {
  it.each([[["--version"]], [["--help"]], [["pat", "--help"]], [["pat", "create", "--help"]], [["completion", "bash"]], [["__complete", "--current=", "--", "pat"]]])(
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
});
