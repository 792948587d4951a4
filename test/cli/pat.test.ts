import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { baseEnv, CLI_BIN, parseJson, runCli } from "../helpers/cli.js";
import { mintAccessToken, startEmulator } from "../helpers/emulator.js";

interface PatJson {
  name: string;
  scopes: string[];
  expiresAt: string;
  lastUsedAt: string | null;
  hint: string;
  token?: string;
}

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let aliceToken: string;

function asAlice(extra: Record<string, string> = {}) {
  return { env: { TASKURAI_ENDPOINT: emulator.url, TASKURAI_ACCESS_TOKEN: aliceToken, ...extra } };
}

async function tasksStatus(patValue: string): Promise<number> {
  const response = await fetch(`${emulator.url}/v1/tasks`, { headers: { authorization: `Bearer ${patValue}` } });
  await response.body?.cancel();
  return response.status;
}

beforeAll(async () => {
  emulator = await startEmulator();
  aliceToken = await mintAccessToken(emulator.dataDir, { user: "alice" });
});

afterAll(async () => {
  await emulator?.stop();
});

describe("reference lifecycle", () => {
  let created: PatJson;

  it("create prints the token once with a notice", async () => {
    const run = await runCli(
      ["pat", "create", "--name", "mytoken", "--valid-minutes", "43200", "--scopes", "Taskurai.Task.*", "--scopes", "Taskurai.Log.*"],
      asAlice(),
    );

    expect(run.stderr).toContain("will not be shown again");
    expect(run.code).toBe(0);
    created = parseJson<PatJson>(run);
    expect(created.name).toBe("mytoken");
    expect(created.scopes).toEqual(["Taskurai.Task.*", "Taskurai.Log.*"]);
    expect(created.token).toMatch(/^tskpat_[0-9A-Za-z]{36}$/);
    expect(created.hint).toBe(`tskpat_...${created.token?.slice(-4)}`);
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(30);
  });

  it("created token works on the tasks route", async () => {
    expect(await tasksStatus(created.token as string)).toBe(200);
  });

  it("update issues a new value and revokes the old", async () => {
    const run = await runCli(["pat", "update", "--name", "mytoken", "--valid-minutes", "2500"], asAlice());

    expect(run.code).toBe(0);
    const updated = parseJson<PatJson>(run);
    expect(updated.token).toMatch(/^tskpat_/);
    expect(updated.token).not.toBe(created.token);
    expect(Math.round((Date.parse(updated.expiresAt) - Date.now()) / 60_000)).toBe(2500);
    expect(await tasksStatus(created.token as string)).toBe(401);
    expect(await tasksStatus(updated.token as string)).toBe(200);
    created = updated;
  });

  it("show returns metadata without the value", async () => {
    const run = await runCli(["pat", "show", "--name", "mytoken"], asAlice());

    expect(run.code).toBe(0);
    const shown = parseJson<PatJson>(run);
    expect(shown.name).toBe("mytoken");
    expect(shown).not.toHaveProperty("token");
    expect(shown.lastUsedAt).not.toBeNull();
    expect(run.stdout).not.toContain(created.token as string);
    expect(run.stderr).toBe("");
  });

  it("list includes the token without its value", async () => {
    const run = await runCli(["pat", "list"], asAlice());

    expect(run.code).toBe(0);
    const listed = parseJson<PatJson[]>(run);
    expect(listed.map((pat) => pat.name)).toContain("mytoken");
    expect(run.stdout).not.toContain(created.token as string);
  });

  it("delete revokes the token at once", async () => {
    const run = await runCli(["pat", "delete", "--name", "mytoken"], asAlice());

    expect(run.code).toBe(0);
    expect(await tasksStatus(created.token as string)).toBe(401);
    const after = await runCli(["pat", "show", "--name", "mytoken"], asAlice());
    expect(after.code).toBe(4);
  });

  it("database file holds no token value", () => {
    const files = readdirSync(emulator.dataDir).filter((file) => file.includes(".db"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(join(emulator.dataDir, file)).toString("latin1");
      expect(bytes).not.toContain(created.token as string);
      expect(bytes).not.toContain((created.token as string).slice(7, 30));
    }
  });
});

describe("errors", () => {
  it("duplicate name exits 5", async () => {
    await runCli(["pat", "create", "--name", "dup", "--scopes", "Taskurai.Task.Read"], asAlice());
    const run = await runCli(["pat", "create", "--name", "dup", "--scopes", "Taskurai.Task.Read"], asAlice());

    expect(run.code).toBe(5);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^taskurai: .*'dup'.*already exists.*\n$/);
  });

  it("unknown scope exits 2 before any request", async () => {
    const before = emulator.logs();
    const run = await runCli(["pat", "create", "--name", "x", "--scopes", "Taskurai.Task.Reed"], asAlice());

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("taskurai: unknown scope 'Taskurai.Task.Reed'; did you mean 'Taskurai.Task.Read'?\n");
    expect(emulator.logs()).toBe(before);
  });

  it("scopes match case-insensitively", async () => {
    const run = await runCli(["pat", "create", "--name", "casing", "--scopes", "taskurai.task.read"], asAlice());

    expect(run.code).toBe(0);
    expect(parseJson<PatJson>(run).scopes).toEqual(["Taskurai.Task.Read"]);
  });

  it.each([
    [["pat", "create", "--scopes", "Taskurai.*"], "--name"],
    [["pat", "create", "--name", "noscope"], "--scopes"],
    [["pat", "update", "--valid-minutes", "5"], "--name"],
    [["pat", "show"], "--name"],
    [["pat", "delete"], "--name"],
  ])("%j without %s exits 2", async (args, flag) => {
    const run = await runCli(args, asAlice());

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`missing required option ${flag}`);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it.each([
    [["pat", "create", "--name", "bad name", "--scopes", "Taskurai.*"], "invalid --name 'bad name'"],
    [["pat", "create", "--name", "x".repeat(65), "--scopes", "Taskurai.*"], "at most 64 characters"],
    [["pat", "create", "--name", "ok", "--scopes", "Taskurai.*", "--valid-minutes", "0"], "invalid --valid-minutes '0'"],
    [["pat", "create", "--name", "ok", "--scopes", "Taskurai.*", "--valid-minutes", "1.5"], "invalid --valid-minutes '1.5'"],
    [["pat", "create", "--name", "..", "--scopes", "Taskurai.*"], "invalid --name '..'"],
    [["pat", "update", "--name", "x", "--scopes", ","], "invalid --scopes: no scope given"],
    [["pat", "list", "--output", "xml"], "invalid --output 'xml'"],
    [["pat", "list", "--bogus"], "unknown option '--bogus'"],
  ])("%j is a usage error", async (args, message) => {
    const run = await runCli(args, asAlice());

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("validity above the maximum exits 2", async () => {
    const run = await runCli(["pat", "create", "--name", "long", "--scopes", "Taskurai.*", "--valid-minutes", "525601"], asAlice());

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("525601");
  });

  it.each([["show"], ["delete"], ["update"]])("%s of a missing token exits 4", async (verb) => {
    const run = await runCli(["pat", verb, "--name", "does-not-exist"], asAlice());

    expect(run.code).toBe(4);
    expect(run.stderr).toContain("does-not-exist");
    expect(run.stderr).toContain("taskurai pat list");
  });

  it("second user cannot see the first user's tokens", async () => {
    await runCli(["pat", "create", "--name", "alice-only", "--scopes", "Taskurai.*"], asAlice());
    const bob = await mintAccessToken(emulator.dataDir, { user: "bob" });
    const asBob = { env: { TASKURAI_ENDPOINT: emulator.url, TASKURAI_ACCESS_TOKEN: bob } };

    const list = await runCli(["pat", "list"], asBob);
    expect(list.code).toBe(0);
    expect(parseJson<PatJson[]>(list)).toEqual([]);
    expect((await runCli(["pat", "show", "--name", "alice-only"], asBob)).code).toBe(4);
    expect((await runCli(["pat", "delete", "--name", "alice-only"], asBob)).code).toBe(4);
    expect((await runCli(["pat", "show", "--name", "alice-only"], asAlice())).code).toBe(0);
  });

  it("expired access token exits 3", async () => {
    const expired = await mintAccessToken(emulator.dataDir, { user: "alice", validMinutes: -10 });
    const run = await runCli(["pat", "list"], { env: { TASKURAI_ENDPOINT: emulator.url, TASKURAI_ACCESS_TOKEN: expired } });

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^taskurai: the Taskurai API rejected the access token: .*expired/);
  });

  it("badly signed access token exits 3", async () => {
    const otherDir = mkdtempSync(join(tmpdir(), "taskurai-other-key-"));
    try {
      const forged = await mintAccessToken(otherDir, { user: "alice" });
      const run = await runCli(["pat", "list"], { env: { TASKURAI_ENDPOINT: emulator.url, TASKURAI_ACCESS_TOKEN: forged } });

      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^taskurai: the Taskurai API rejected the access token: .*(signature|trusted key set)/);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it("missing access token exits 3", async () => {
    const run = await runCli(["pat", "list"], { env: { TASKURAI_ENDPOINT: emulator.url } });

    expect(run.code).toBe(3);
    expect(run.stderr).toContain("TASKURAI_ACCESS_TOKEN");
  });

  it("access token with a line break exits 3", async () => {
    const run = await runCli(["pat", "list"], { env: { TASKURAI_ENDPOINT: emulator.url, TASKURAI_ACCESS_TOKEN: "abc\ndef" } });

    expect(run.code).toBe(3);
    expect(run.stderr).toContain("TASKURAI_ACCESS_TOKEN contains spaces, line breaks");
    expect(run.stderr).not.toContain("abc");
  });

  it("Bearer prefix in the access token is accepted", async () => {
    const run = await runCli(["pat", "list"], asAlice({ TASKURAI_ACCESS_TOKEN: `Bearer ${aliceToken}` }));

    expect(run.code).toBe(0);
  });

  it("unreachable endpoint exits 1", async () => {
    const run = await runCli(["pat", "list"], { env: { TASKURAI_ENDPOINT: "http://127.0.0.1:9", TASKURAI_ACCESS_TOKEN: aliceToken } });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "taskurai: cannot reach the Taskurai API at http://127.0.0.1:9 (ECONNREFUSED); check --endpoint or TASKURAI_ENDPOINT and that the service is running\n",
    );
  });

  it.each([["ftp://example.com"], ["http://example.com"], ["not a url"]])("endpoint %s exits 2", async (endpoint) => {
    const run = await runCli(["pat", "list", "--endpoint", endpoint], asAlice());

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`invalid --endpoint '${endpoint}'`);
  });
});

describe("output", () => {
  it("table output shows the token on its own line", async () => {
    const run = await runCli(["pat", "create", "--name", "tabled", "--scopes", "Taskurai.Task.Read", "-o", "table"], asAlice());

    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^tskpat_[0-9A-Za-z]{36}$/);
    expect(run.stdout).toMatch(/Name:\s+tabled/);
  });

  it("list table says never for unused tokens", async () => {
    const run = await runCli(["pat", "list", "--output", "table"], asAlice());

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/NAME\s.*SCOPES/);
    expect(run.stdout).toMatch(/tabled.*never/);
  });

  it("query may call functions on the result", async () => {
    const run = await runCli(["pat", "list", "--query", "length(@)"], asAlice());

    expect(run.code).toBe(0);
    expect(Number(run.stdout)).toBeGreaterThan(0);
  });

  it("create with output none is rejected first", async () => {
    const before = emulator.logs();
    const run = await runCli(["pat", "create", "--name", "silent", "--scopes", "Taskurai.*", "-o", "none"], asAlice());

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--output none would discard the new token value");
    expect(emulator.logs()).toBe(before);
  });

  it("create with a query dropping the token fails", async () => {
    const run = await runCli(["pat", "create", "--name", "queried", "--scopes", "Taskurai.*", "--query", "name"], asAlice());

    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("does not include the token value");
    expect(run.stderr).toContain("taskurai pat update --name queried");
    expect(run.stderr).not.toContain("Copy the token now");
  });

  it("debug output redacts secrets", async () => {
    const run = await runCli(["pat", "create", "--name", "debugged", "--scopes", "Taskurai.*", "--debug"], asAlice());

    expect(run.code).toBe(0);
    const token = parseJson<PatJson>(run).token as string;
    expect(run.stderr).toContain("debug: > POST");
    expect(run.stderr).toContain("[REDACTED]");
    expect(run.stderr).not.toContain(token);
    expect(run.stderr).not.toContain(aliceToken);
    expect(run.stderr).not.toContain(aliceToken.split(".")[1]);
  });
});

describe("unexpected responses", () => {
  let server: Server;
  let url: string;
  let status = 200;
  let body = "";

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(status, { "content-type": "application/json" }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    ["<html>", "not JSON"],
    [JSON.stringify({ value: [{ name: 3 }], continuationToken: null }), "does not understand"],
  ])("body %s gives one clear line", async (payload, message) => {
    status = 200;
    body = payload;
    const run = await runCli(["pat", "list"], { env: { TASKURAI_ENDPOINT: url, TASKURAI_ACCESS_TOKEN: "x" } });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("escapes control characters from the server", async () => {
    status = 400;
    body = JSON.stringify({ title: "Bad", status: 400, code: "invalid_request", requestId: "r1", detail: "\u001b[2Jgone\u0007" });
    const run = await runCli(["pat", "list"], { env: { TASKURAI_ENDPOINT: url, TASKURAI_ACCESS_TOKEN: "x" } });

    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain("\u001b");
    expect(run.stderr).toContain("\\u001b[2Jgone\\u0007");
  });

  it("route 404 is not a missing token", async () => {
    status = 404;
    body = JSON.stringify({ title: "Not Found", status: 404, code: "not_found", requestId: "r2", detail: "no route" });
    const run = await runCli(["pat", "show", "--name", "x"], { env: { TASKURAI_ENDPOINT: url, TASKURAI_ACCESS_TOKEN: "x" } });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("check that the endpoint is the base URL of a Taskurai API");
  });

  it("status without a problem document names it once", async () => {
    status = 502;
    body = "<html>bad gateway</html>";
    const run = await runCli(["pat", "list"], { env: { TASKURAI_ENDPOINT: url, TASKURAI_ACCESS_TOKEN: "x" } });

    expect(run.code).toBe(1);
    expect(run.stderr.match(/502/g)).toHaveLength(1);
  });
});

describe("stdout failures", () => {
  it.skipIf(process.platform !== "linux")("full disk keeps the token recoverable", async () => {
    const full = openSync("/dev/full", "w");
    try {
      const run = spawnSync(process.execPath, [CLI_BIN, "pat", "create", "--name", "lost", "--scopes", "Taskurai.*"], {
        env: { ...baseEnv(), ...asAlice().env },
        stdio: ["ignore", full, "pipe"],
        encoding: "utf8",
      });

      expect(run.status).toBe(1);
      expect(run.stderr).toContain("cannot write the result to stdout (ENOSPC)");
      expect(run.stderr).toContain("taskurai pat update --name lost");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      closeSync(full);
    }
  });

  it("closed pipe ends quietly", async () => {
    for (let i = 0; i < 5; i++) await runCli(["pat", "create", "--name", `piped-${i}`, "--scopes", "Taskurai.*"], asAlice());
    const child = spawn(process.execPath, [CLI_BIN, "pat", "list", "-o", "table"], { env: { ...baseEnv(), ...asAlice().env } });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on("close", resolve));

    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
