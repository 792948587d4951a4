#!/usr/bin/env node
// Start-up benchmark: the median wall time of CLI commands over repeated runs, printed as a ratio
// to a bare `node -e 0` on the same machine, so results compare across machines.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "bin", "taskurai.js");
const emulatorBin = join(root, "bin", "taskurai-emulator.js");
const runs = Number(process.env.BENCH_RUNS ?? 15);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeCommand(args, env = process.env) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { env, stdio: "ignore" });
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.status !== 0) throw new Error(`'node ${args.join(" ")}' exited with ${result.status}`);
  }
  return median(samples);
}

async function startEmulator(dataDir) {
  const child = spawn(process.execPath, [emulatorBin, "--port", "0", "--data-dir", dataDir, "--quiet"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = await Promise.race([
    new Promise((resolve) => createInterface({ input: child.stdout }).once("line", (first) => resolve([first]))),
    new Promise((_, reject) => child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)))),
  ]);
  return { child, url: line.match(/https?:\/\/\S+/)[0] };
}

const dataDir = mkdtempSync(join(tmpdir(), "taskurai-bench-"));
const { child, url } = await startEmulator(dataDir);
try {
  const token = spawnSync(process.execPath, [emulatorBin, "token", "--data-dir", dataDir], { encoding: "utf8" }).stdout.trim();
  const env = { ...process.env, TASKURAI_ENDPOINT: url, TASKURAI_ACCESS_TOKEN: token };

  const baseline = timeCommand(["-e", "0"]);
  const cases = [
    ["taskurai --version", [cli, "--version"]],
    ["taskurai --help", [cli, "--help"]],
    ["taskurai pat create --help", [cli, "pat", "create", "--help"]],
    ["taskurai pat list (emulator, JSON)", [cli, "pat", "list", "--output", "json"]],
    ["taskurai pat list (emulator, table)", [cli, "pat", "list", "--output", "table"]],
  ];

  console.log(`median of ${runs} runs, as a ratio to 'node -e 0' (lower is better)`);
  for (const [label, args] of cases) {
    console.log(`${label.padEnd(40)} ${(timeCommand(args, env) / baseline).toFixed(2)}x`);
  }
} finally {
  child.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
