#!/usr/bin/env node
// Runs the personal access token lifecycle from the Taskurai documentation with the real CLI
// against a throwaway emulator: its own free port, its own temporary data folder.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "bin", "taskurai.js");
const emulatorBin = join(root, "bin", "taskurai-emulator.js");

const lifecycle = [
  ["pat", "create", "--name", "mytoken", "--valid-minutes", "43200", "--scopes", "Taskurai.Task.*", "--scopes", "Taskurai.Log.*"],
  ["pat", "update", "--name", "mytoken", "--valid-minutes", "2500"],
  ["pat", "show", "--name", "mytoken"],
  ["pat", "list"],
  ["pat", "delete", "--name", "mytoken"],
  ["pat", "list"],
];

const dataDir = mkdtempSync(join(tmpdir(), "taskurai-demo-"));
let emulator;

function cleanUp() {
  if (emulator && emulator.exitCode === null) emulator.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}

function quote(arg) {
  return /^[\w.,/:=-]+$/.test(arg) ? arg : `"${arg}"`;
}

async function startEmulator() {
  emulator = spawn(process.execPath, [emulatorBin, "--port", "0", "--data-dir", dataDir, "--quiet"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: emulator.stdout });
  return new Promise((resolve, reject) => {
    emulator.once("exit", (code) => reject(new Error(`the emulator exited with code ${code} before it was ready`)));
    lines.once("line", (line) => {
      const url = line.match(/https?:\/\/\S+/)?.[0];
      if (url) resolve(url);
      else reject(new Error(`unexpected first line from the emulator: ${line}`));
    });
  });
}

function accessToken() {
  const result = spawnSync(process.execPath, [emulatorBin, "token", "--data-dir", dataDir, "--user", "demo"], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`taskurai-emulator token failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

async function main() {
  const endpoint = await startEmulator();
  console.log(`Emulator running at ${endpoint} with data in ${dataDir}`);
  const env = { ...process.env, TASKURAI_ENDPOINT: endpoint, TASKURAI_ACCESS_TOKEN: accessToken() };

  for (const args of lifecycle) {
    console.log(`\n$ taskurai ${args.map(quote).join(" ")}`);
    const result = spawnSync(process.execPath, [cli, ...args], { env, stdio: ["ignore", "inherit", "inherit"] });
    if (result.status !== 0) throw new Error(`'taskurai ${args.join(" ")}' exited with code ${result.status}`);
  }
  console.log("\nDemo finished: every command succeeded.");
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

main()
  .then(cleanUp)
  .catch((error) => {
    console.error(`demo failed: ${error.message}`);
    cleanUp();
    process.exitCode = 1;
  });
