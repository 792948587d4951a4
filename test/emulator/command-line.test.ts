import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, describe, expect, it } from "vitest";

import { PatWithTokenSchema } from "../../src/contract/index.js";
import { makeDataDir, mintAccessToken, runEmulatorCommand, startEmulator } from "../helpers/emulator.js";

const REPOSITORY = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPOSITORY, "package.json"), "utf8")) as { version: string }).version;

const createdDirs: string[] = [];
function tempDir(): string {
  const dir = makeDataDir();
  createdDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
});

function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}

async function createPat(url: string, accessToken: string, name: string) {
  const response = await fetch(`${url}/v1/pats`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name, scopes: ["Taskurai.Task.Read"] }),
  });
  expect(response.status).toBe(201);
  return PatWithTokenSchema.parse(await response.json());
}

describe("command line", () => {
  it("--help prints usage", async () => {
    const result = await runEmulatorCommand(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: taskurai-emulator [start]");
    expect(result.stdout).toContain("--max-valid-minutes");
    const tokenHelp = await runEmulatorCommand(["token", "--help"]);
    expect(tokenHelp.code).toBe(0);
    expect(tokenHelp.stdout).toContain("--valid-minutes");
  });

  it("--version prints the package version", async () => {
    const result = await runEmulatorCommand(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${PACKAGE_VERSION}\n`);
  });

  it("unknown option exits 2 with one line", async () => {
    const result = await runEmulatorCommand(["--x"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("taskurai-emulator: unknown option '--x'. Run 'taskurai-emulator --help' for usage.\n");
  });

  it.each([
    [["--port", "abc"], "'abc'"],
    [["--port", "70000"], "'70000'"],
    [["--port=-1"], "'-1'"],
    [["--port"], "'--port' requires a value"],
    [["--port", "--quiet"], "'--port' requires a value"],
    [["--max-valid-minutes", "0"], "'0'"],
    [["--quiet=yes"], "does not take a value"],
    [["serve"], "unknown command 'serve'"],
    [["start", "extra"], "unexpected argument 'extra'"],
    [["token", "--valid-minutes", "0"], "'0'"],
    [["token", "--tenant", "not-a-uuid"], "'not-a-uuid'"],
    [["token", "--user", "a b"], "'a b'"],
    [["token", "--port", "1"], "unknown option '--port'"],
  ])("%j exits 2 with one line", async (args, expected) => {
    const result = await runEmulatorCommand(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toMatch(/^taskurai-emulator: /);
    expect(result.stderr).toContain(expected);
  });

  it("port in use exits 1 with one line", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await runEmulatorCommand(["--port", String(port), "--data-dir", tempDir(), "--in-memory"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `taskurai-emulator: port ${port} is already in use on 127.0.0.1; pass --port 0 to pick a free port\n`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("unreadable --jwks file exits 1 with one line", async () => {
    const missing = join(tempDir(), "missing.json");
    const result = await runEmulatorCommand(["--port", "0", "--in-memory", "--jwks", missing]);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toContain(missing);
  });
});

describe("process lifecycle", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("%s stops with exit code 0", async (signal) => {
    const emulator = await startEmulator();
    try {
      emulator.child.kill(signal);
      const { code, signal: exitSignal } = await emulator.exited;
      expect(exitSignal).toBeNull();
      expect(code).toBe(0);
      expect(emulator.logs()).toMatch(/^Taskurai emulator listening on http:\/\/127\.0\.0\.1:\d+\n/);
      expect(emulator.logs()).toContain("Taskurai emulator stopped\n");
    } finally {
      await emulator.stop();
    }
  });

  it("tokens persist across restarts with the same data folder", async () => {
    const dataDir = tempDir();
    const first = await startEmulator({ dataDir });
    const accessToken = await mintAccessToken(dataDir, { user: "alice" });
    const created = await createPat(first.url, accessToken, "persisted");
    await first.stop();

    const second = await startEmulator({ dataDir });
    try {
      const response = await fetch(`${second.url}/v1/tasks`, { headers: { authorization: `Bearer ${created.token}` } });
      expect(response.status).toBe(200);
      const shown = await fetch(`${second.url}/v1/pats/persisted`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(shown.status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it("--in-memory writes no database file and forgets on restart", async () => {
    const dataDir = tempDir();
    const first = await startEmulator({ dataDir, args: ["--in-memory"] });
    const accessToken = await mintAccessToken(dataDir, { user: "alice" });
    const created = await createPat(first.url, accessToken, "volatile");
    expect((await fetch(`${first.url}/v1/tasks`, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(200);
    expect(readdirSync(dataDir).filter((file) => file.includes(".db"))).toEqual([]);
    expect(existsSync(join(dataDir, "signing-key.json"))).toBe(true);
    await first.stop();

    const second = await startEmulator({ dataDir, args: ["--in-memory"] });
    try {
      const response = await fetch(`${second.url}/v1/pats/volatile`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(response.status).toBe(404);
    } finally {
      await second.stop();
    }
  });

  it("--quiet logs no requests", async () => {
    const emulator = await startEmulator({ args: ["--quiet"] });
    try {
      await fetch(`${emulator.url}/v1/pats`);
      await fetch(`${emulator.url}/.well-known/jwks.json`);
    } finally {
      await emulator.stop();
    }
    expect(emulator.logs()).not.toContain("/v1/pats");
    expect(emulator.logs()).toContain("Taskurai emulator stopped");
  });

  it("missing SQLite driver exits 1 with one line", async () => {
    // A copy of the package whose node_modules contains zod but not better-sqlite3.
    const root = tempDir();
    cpSync(join(REPOSITORY, "dist"), join(root, "dist"), { recursive: true });
    cpSync(join(REPOSITORY, "bin"), join(root, "bin"), { recursive: true });
    writeFileSync(join(root, "package.json"), readFileSync(join(REPOSITORY, "package.json")));
    mkdirSync(join(root, "node_modules"));
    symlinkSync(join(REPOSITORY, "node_modules", "zod"), join(root, "node_modules", "zod"), "junction");

    const result = await runEmulatorCommand(["--port", "0", "--in-memory", "--data-dir", join(root, "data")], {
      bin: join(root, "bin", "taskurai-emulator.js"),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^taskurai-emulator: the SQLite driver better-sqlite3 is not installed or failed to load \(.+\)\. Reinstall with 'npm install better-sqlite3@12'/,
    );
  });
});

describe("token command", () => {
  it("same user gives the same oid, another user another", async () => {
    const dataDir = tempDir();
    const first = decodeClaims(await mintAccessToken(dataDir, { user: "alice" }));
    const again = decodeClaims(await mintAccessToken(dataDir, { user: "alice" }));
    const other = decodeClaims(await mintAccessToken(dataDir, { user: "bob" }));
    expect(first.oid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(again.oid).toBe(first.oid);
    expect(other.oid).not.toBe(first.oid);
    // The oid depends on the user name only, not on the signing key.
    expect(decodeClaims(await mintAccessToken(tempDir(), { user: "alice" })).oid).toBe(first.oid);
  });

  it("claims match the options", async () => {
    const tenant = "11111111-2222-4333-8444-555555555555";
    const token = await mintAccessToken(tempDir(), { user: "alice", tenant, audience: "api://custom" });
    const claims = decodeClaims(token);
    expect(claims.tid).toBe(tenant);
    expect(claims.aud).toBe("api://custom");
    expect(claims.name).toBe("alice");
    expect(claims.preferred_username).toBe("alice@emulator.local");
    expect(claims.iss).toBe(`https://taskurai-emulator.local/${tenant}/`);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    const header = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8"));
    expect(header.alg).toBe("RS256");
    expect(typeof header.kid).toBe("string");
  });

  it("prints only the token and a newline", async () => {
    const result = await runEmulatorCommand(["token", "--data-dir", tempDir()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    expect(result.stderr).toBe("");
  });

  it.skipIf(process.platform === "win32")("signing key file is 0600 in a 0700 folder", async () => {
    const dataDir = join(tempDir(), "nested", "data");
    await mintAccessToken(dataDir);
    expect(statSync(join(dataDir, "signing-key.json")).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });

  it("concurrent first use agrees on one signing key", async () => {
    const dataDir = tempDir();
    const tokens = await Promise.all(Array.from({ length: 4 }, (_, index) => mintAccessToken(dataDir, { user: `user${index}` })));
    const emulator = await startEmulator({ dataDir });
    try {
      for (const token of tokens) {
        const response = await fetch(`${emulator.url}/v1/pats`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.status).toBe(200);
      }
    } finally {
      await emulator.stop();
    }
    expect(readdirSync(dataDir).filter((file) => file.endsWith(".tmp"))).toEqual([]);
  });

  it("TASKURAI_EMULATOR_DATA_DIR and XDG_DATA_HOME choose the data folder", async () => {
    const fromEnv = tempDir();
    const viaVariable = await runEmulatorCommand(["token"], { env: { TASKURAI_EMULATOR_DATA_DIR: fromEnv } });
    expect(viaVariable.code).toBe(0);
    expect(existsSync(join(fromEnv, "signing-key.json"))).toBe(true);

    if (process.platform === "linux") {
      const xdg = tempDir();
      const viaXdg = await runEmulatorCommand(["token"], {
        env: { TASKURAI_EMULATOR_DATA_DIR: undefined, XDG_DATA_HOME: xdg },
      });
      expect(viaXdg.code).toBe(0);
      expect(existsSync(join(xdg, "taskurai-emulator", "signing-key.json"))).toBe(true);
    }
  });
});
