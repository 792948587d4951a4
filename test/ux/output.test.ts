import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

import { parseJson } from "../helpers/cli.js";
import { startSession, type Session, type User } from "./session.js";

const PAT_FIELDS = ["id", "name", "scopes", "createdAt", "updatedAt", "expiresAt", "lastUsedAt", "hint"];

let session: Session;
let user: User;

beforeAll(async () => {
  session = await startSession();
  user = await session.newUser();
  await user.createTokens("out-b", "out-a");
});
afterAll(async () => session?.stop());

describe("output formats", () => {
  it("json lists the documented fields", async () => {
    const run = await user.run(["pat", "list", "-o", "json"]);
    const pats = parseJson<Record<string, unknown>[]>(run);

    expect(pats.map((pat) => pat.name)).toEqual(["out-a", "out-b"]);
    expect(Object.keys(pats[0] ?? {})).toEqual(PAT_FIELDS);
  });

  it("json is the default without a terminal", async () => {
    const run = await user.run(["pat", "list"]);

    expect(parseJson<unknown[]>(run)).toHaveLength(2);
  });

  it("TASKURAI_OUTPUT sets the default", async () => {
    const run = await user.run(["pat", "list"], { env: { TASKURAI_OUTPUT: "tsv" } });

    expect(run.stdout.split("\n")[0]?.split("\t")[1]).toBe("out-a");
  });

  it("flag wins over TASKURAI_OUTPUT", async () => {
    const run = await user.run(["pat", "list", "-o", "json"], { env: { TASKURAI_OUTPUT: "tsv" } });

    expect(parseJson<unknown[]>(run)).toHaveLength(2);
  });

  it("jsonc without colour equals json", async () => {
    const json = await user.run(["pat", "show", "--name", "out-a", "-o", "json"]);
    const jsonc = await user.run(["pat", "show", "--name", "out-a", "-o", "jsonc"]);

    expect(jsonc.stdout).toBe(json.stdout);
  });

  it("jsonc colours with FORCE_COLOR", async () => {
    const run = await user.run(["pat", "show", "--name", "out-a", "-o", "jsonc"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });

    expect(run.stdout).toContain('\u001b[36m"name"\u001b[39m: \u001b[32m"out-a"\u001b[39m');
  });

  it("NO_COLOR wins over FORCE_COLOR", async () => {
    const run = await user.run(["pat", "show", "--name", "out-a", "-o", "jsonc"], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } });

    expect(run.stdout).not.toContain("\u001b[");
  });

  it("yaml parses to the json data", async () => {
    const json = parseJson(await user.run(["pat", "list", "-o", "json"]));
    const yaml = await user.run(["pat", "list", "-o", "yaml"]);

    expect(parseYaml(yaml.stdout)).toEqual(json);
  });

  it("tsv prints one row per token", async () => {
    const pats = parseJson<{ id: string; expiresAt: string; hint: string }[]>(await user.run(["pat", "list", "-o", "json"]));
    const run = await user.run(["pat", "list", "-o", "tsv"]);
    const first = pats[0] as { id: string; expiresAt: string; hint: string };

    expect(run.stdout.trimEnd().split("\n")).toHaveLength(2);
    expect(run.stdout.split("\n")[0]?.split("\t")).toEqual([
      first.id,
      "out-a",
      "Taskurai.Task.Read",
      expect.any(String),
      expect.any(String),
      first.expiresAt,
      "",
      first.hint,
    ]);
  });

  it("table shows the list columns", async () => {
    const run = await user.run(["pat", "list", "-o", "table"]);

    expect(run.stdout).toMatch(/NAME\s+│\s+SCOPES\s+│\s+STATUS\s+│\s+EXPIRES\s+│\s+LAST USED/);
    expect(run.stdout).toMatch(/out-a\s+│\s+Taskurai\.Task\.Read\s+│\s+active\s+│\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 30 days\)\s+│\s+never/);
  });

  it("none prints nothing", async () => {
    const run = await user.run(["pat", "list", "-o", "none"]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
  });

  it("unknown format is a usage error", async () => {
    const run = await user.run(["pat", "list", "-o", "xml"]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("invalid --output 'xml'; expected one of: json, jsonc, table, tsv, yaml, none");
  });

  it("show table summarises the token", async () => {
    const run = await user.run(["pat", "show", "--name", "out-a", "-o", "table"]);

    expect(run.stdout).toMatch(/^Name:\s+out-a$/m);
    expect(run.stdout).toMatch(/^Expires:\s+.+ UTC \(in 30 days\)$/m);
    expect(run.stdout).toMatch(/^Last used:\s+never$/m);
  });
});

describe("--query", () => {
  it("selects names as tsv lines", async () => {
    const run = await user.run(["pat", "list", "--query", "[].name", "-o", "tsv"]);

    expect(run.stdout).toBe("out-a\nout-b\n");
  });

  it("filters with a JMESPath expression", async () => {
    const run = await user.run(["pat", "list", "--query", "[?name=='out-b'].{name: name, scopes: scopes}", "-o", "json"]);

    expect(parseJson(run)).toEqual([{ name: "out-b", scopes: ["Taskurai.Task.Read"] }]);
  });

  it("renders a projection as a table", async () => {
    const run = await user.run(["pat", "list", "--query", "[].{Name: name, Hint: hint}", "-o", "table"]);

    expect(run.stdout).toMatch(/Name\s+│\s+Hint/);
    expect(run.stdout).toMatch(/out-b\s+│\s+tskpat_\.\.\./);
  });

  it("token with tsv prints only the token", async () => {
    const run = await user.run(["pat", "create", "--name", "out-query", "--scopes", "Taskurai.Task.Read", "--query", "token", "-o", "tsv"]);

    expect(run.stdout).toMatch(/^tskpat_[0-9A-Za-z]{36}\n$/);
  });

  it("update with tsv prints only the token", async () => {
    const run = await user.run(["pat", "update", "--name", "out-b", "--query", "token", "-o", "tsv"]);

    expect(run.stdout).toMatch(/^tskpat_[0-9A-Za-z]{36}\n$/);
  });

  it("invalid expression sends no request", async () => {
    const run = await user.run(["pat", "create", "--name", "out-never", "--scopes", "Taskurai.Task.Read", "--query", "[?name=="]);
    const names = await user.run(["pat", "list", "--query", "[].name", "-o", "tsv"]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^taskurai: invalid --query '\[\?name==': .+\n$/);
    expect(names.stdout).not.toContain("out-never");
  });
});

describe("stderr", () => {
  it("create notice goes to stderr", async () => {
    const run = await user.run(["pat", "create", "--name", "out-notice", "--scopes", "Taskurai.Task.Read", "-o", "json"]);

    expect(parseJson<{ token: string }>(run).token).toMatch(/^tskpat_/);
    expect(run.stderr).toBe("Copy the token now: it will not be shown again.\n");
  });

  it("--only-show-errors silences the notice", async () => {
    const run = await user.run(["pat", "create", "--name", "out-quiet", "--scopes", "Taskurai.Task.Read", "--only-show-errors"]);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
  });

  it("create table puts the token on its own line", async () => {
    const run = await user.run(["pat", "create", "--name", "out-human", "--scopes", "Taskurai.Task.*", "-o", "table"]);

    expect(run.stdout).toMatch(/^Name:\s+out-human\nScopes:\s+Taskurai\.Task\.\*\nExpires:\s+.+ UTC \(in 30 days\)\n\ntskpat_[0-9A-Za-z]{36}\n$/);
  });
});

describe("lazy loading", () => {
  const recorder = fileURLToPath(new URL("../fixtures/record-imports.mjs", import.meta.url));
  const scratch = mkdtempSync(join(tmpdir(), "taskurai-lazy-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  async function loaded(args: string[]): Promise<string[]> {
    const file = join(scratch, `imports-${Math.random().toString(36).slice(2)}.txt`);
    const run = await user.run(args, { nodeArgs: ["--import", recorder], env: { RECORD_IMPORTS_FILE: file } });
    expect(run.code).toBe(0);
    return readFileSync(file, "utf8").trim().split("\n");
  }

  it("json loads no yaml or jmespath", async () => {
    const modules = await loaded(["pat", "list", "-o", "json"]);

    expect(modules.filter((url) => url.includes("/yaml/") || url.includes("/jmespath/"))).toEqual([]);
  });

  it("yaml with --query loads both", async () => {
    const modules = await loaded(["pat", "list", "-o", "yaml", "--query", "[].name"]);

    expect(modules.some((url) => url.includes("/yaml/"))).toBe(true);
    expect(modules.some((url) => url.includes("/jmespath/"))).toBe(true);
  });
});
