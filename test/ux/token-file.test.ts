import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseJson } from "../helpers/cli.js";
import { startSession, type Session, type User } from "./session.js";

let session: Session;
let user: User;
const folder = mkdtempSync(join(tmpdir(), "taskurai-token-file-"));

beforeAll(async () => {
  session = await startSession();
  user = await session.newUser();
});
afterAll(async () => {
  await session?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe("--token-file", () => {
  it("create writes the token with mode 0600", async () => {
    const path = join(folder, "create.pat");

    const run = await user.run(["pat", "create", "--name", "tf-create", "--scopes", "Taskurai.Task.Read", "--token-file", path, "-o", "json"]);

    expect(run.code).toBe(0);
    expect(readFileSync(path, "utf8")).toMatch(/^tskpat_[0-9A-Za-z]{36}\n$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("json has tokenFile and no token", async () => {
    const path = join(folder, "json.pat");

    const run = await user.run(["pat", "create", "--name", "tf-json", "--scopes", "Taskurai.Task.Read", "--token-file", path, "-o", "json"]);
    const result = parseJson<Record<string, unknown>>(run);

    expect(result.token).toBeUndefined();
    expect(result.tokenFile).toBe(path);
    expect(run.stdout).not.toContain(readFileSync(path, "utf8").trim());
  });

  it("table prints the path, not the token", async () => {
    const path = join(folder, "table.pat");

    const run = await user.run(["pat", "create", "--name", "tf-table", "--scopes", "Taskurai.Task.Read", "--token-file", path, "-o", "table"]);

    expect(run.stdout).toContain(`Token written to ${path}`);
    expect(run.stdout).not.toMatch(/tskpat_[0-9A-Za-z]{36}/);
  });

  it("update writes the new token", async () => {
    const path = join(folder, "update.pat");
    await user.createTokens("tf-update");

    const run = await user.run(["pat", "update", "--name", "tf-update", "--token-file", path, "-o", "none"]);

    expect(run.code).toBe(0);
    expect(readFileSync(path, "utf8")).toMatch(/^tskpat_[0-9A-Za-z]{36}\n$/);
  });

  it("existing file fails before creating", async () => {
    const path = join(folder, "existing.pat");
    writeFileSync(path, "keep me\n");

    const run = await user.run(["pat", "create", "--name", "tf-exists", "--scopes", "Taskurai.Task.Read", "--token-file", path]);
    const show = await user.run(["pat", "show", "--name", "tf-exists"]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the path already exists");
    expect(readFileSync(path, "utf8")).toBe("keep me\n");
    expect(show.code).toBe(4);
  });

  it("missing folder fails with advice", async () => {
    const path = join(folder, "no-such-folder", "new.pat");

    const run = await user.run(["pat", "create", "--name", "tf-nofolder", "--scopes", "Taskurai.Task.Read", "--token-file", path]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("its folder does not exist");
  });

  it("failed request removes the file", async () => {
    const path = join(folder, "conflict.pat");
    await user.createTokens("tf-taken");

    const run = await user.run(["pat", "create", "--name", "tf-taken", "--scopes", "Taskurai.Task.Read", "--token-file", path]);

    expect(run.code).toBe(5);
    expect(existsSync(path)).toBe(false);
  });
});
