import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { generateKeyPairSync } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = fileURLToPath(new URL("../fixtures/fake-tools/", import.meta.url));

/** Tools the fake bin folder can hold; `xdg-open` only records that a browser was requested. */
export type FakeToolName = "az" | "pwsh" | "xdg-open";

/** One call of a fake tool, as it logged it. */
export interface ToolCall {
  tool: FakeToolName;
  argv: string[];
  pid: number;
}

/** A temporary home with fake Azure tools on PATH and the key their tokens are signed with. */
export interface FakeTools {
  root: string;
  /** JWKS file holding the public key, for the emulator's `--jwks`. */
  jwksFile: string;
  /** PEM file of the private key the tools sign with. */
  keyFile: string;
  cacheDir: string;
  configDir: string;
  /** Environment for runCli: PATH with only the given tools, HOME and the CLI's folders inside `root`. */
  env(extra?: Record<string, string | undefined>): Record<string, string | undefined>;
  calls(tool: FakeToolName): ToolCall[];
  /** Kills tools that are still running and deletes `root`. */
  cleanup(): void;
}

export const FAKE_KID = "fake-tools-key";

/**
 * Creates the fake tools named in `tools`; a tool left out is not installed. With `keySource`
 * the tools sign with that instance's key, so an emulator started once trusts both.
 */
export function createFakeTools(tools: FakeToolName[], keySource?: FakeTools): FakeTools {
  const root = mkdtempSync(join(tmpdir(), "taskurai-auth-"));
  const bin = join(root, "bin");
  const home = join(root, "home");
  mkdirSync(bin);
  mkdirSync(home);

  let keyFile = join(root, "signing-key.pem");
  let jwksFile = join(root, "jwks.json");
  if (keySource === undefined) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(keyFile, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
    const jwk = { ...publicKey.export({ format: "jwk" }), kid: FAKE_KID, alg: "RS256", use: "sig" };
    writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }));
  } else {
    keyFile = keySource.keyFile;
    jwksFile = keySource.jwksFile;
  }

  for (const tool of tools) {
    // The launcher is CommonJS (no package.json around it), so it loads the ES module fake with import().
    const launcher = join(bin, tool);
    const target = JSON.stringify(`file://${join(FIXTURES, `${tool}.mjs`)}`);
    writeFileSync(launcher, `#!/usr/bin/env node\nimport(${target});\n`);
    chmodSync(launcher, 0o755);
  }

  const logFile = join(root, "calls.jsonl");
  const cacheDir = join(root, "cache");
  const configDir = join(root, "config");

  const calls = (): ToolCall[] =>
    existsSync(logFile)
      ? readFileSync(logFile, "utf8")
          .trim()
          .split("\n")
          .filter((line) => line !== "")
          .map((line) => JSON.parse(line) as ToolCall)
      : [];

  return {
    root,
    jwksFile,
    keyFile,
    cacheDir,
    configDir,
    env: (extra = {}) => ({
      PATH: [bin, dirname(process.execPath), "/usr/bin", "/bin"].join(":"),
      HOME: home,
      TASKURAI_CACHE_DIR: cacheDir,
      TASKURAI_CONFIG_DIR: configDir,
      FAKE_TOOLS_LOG: logFile,
      FAKE_TOOLS_KEY: keyFile,
      FAKE_TOOLS_KID: FAKE_KID,
      ...extra,
    }),
    calls: (tool) => calls().filter((call) => call.tool === tool),
    cleanup: () => {
      for (const call of calls()) {
        if (isOurTool(call.pid, bin)) process.kill(call.pid, "SIGKILL");
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** True when `pid` still runs a launcher from `bin`, so a reused pid is never killed. */
function isOurTool(pid: number, bin: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(bin);
  } catch {
    return false;
  }
}
