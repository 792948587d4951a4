import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseJson } from "../helpers/cli.js";
import { daysFromNow, setExpiry, startSession, type Session, type User } from "./session.js";

let session: Session;

beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => session?.stop());

async function remaining(user: User): Promise<string[]> {
  return parseJson<{ name: string }[]>(await user.run(["pat", "list", "-o", "json"])).map((pat) => pat.name);
}

describe("pat delete", () => {
  it("--name deletes without a prompt", async () => {
    const user = await session.newUser();
    await user.createTokens("del-one", "del-keep");

    const run = await user.run(["pat", "delete", "--name", "del-one", "-o", "table"]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Deleted token 'del-one'.\n");
    expect(await remaining(user)).toEqual(["del-keep"]);
  });

  it("partial failure exits 6", async () => {
    const user = await session.newUser();
    await user.createTokens("del-p1", "del-p2");

    const run = await user.run(["pat", "delete", "--name", "del-p1", "--name", "del-missing", "--name", "del-p2", "-o", "json"]);

    expect(run.code).toBe(6);
    expect(parseJson(run)).toEqual([
      { name: "del-p1", deleted: true },
      { name: "del-missing", deleted: false, error: expect.stringContaining("del-missing") },
      { name: "del-p2", deleted: true },
    ]);
    expect(run.stderr).toBe("taskurai: 1 of 3 tokens could not be deleted\n");
  });

  it("partial failure table has a line per token", async () => {
    const user = await session.newUser();
    await user.createTokens("del-t1");

    const run = await user.run(["pat", "delete", "--name", "del-t1", "--name", "del-gone", "-o", "table"]);

    expect(run.stdout).toMatch(/^Deleted token 'del-t1'\.\nFailed to delete 'del-gone': .+\n$/);
  });

  it("--expired --yes deletes expired tokens", async () => {
    const user = await session.newUser();
    await user.createTokens("del-old1", "del-new", "del-old2");
    setExpiry(session.emulator.dataDir, "del-old1", daysFromNow(-1));
    setExpiry(session.emulator.dataDir, "del-old2", daysFromNow(-30));

    const run = await user.run(["pat", "delete", "--expired", "--yes", "-o", "json"]);

    expect(run.code).toBe(0);
    expect(parseJson(run)).toEqual([
      { name: "del-old1", deleted: true },
      { name: "del-old2", deleted: true },
    ]);
    expect(await remaining(user)).toEqual(["del-new"]);
  });

  it("--expired with none expired", async () => {
    const user = await session.newUser();
    await user.createTokens("del-fresh");

    const run = await user.run(["pat", "delete", "--expired", "--yes", "-o", "json"]);

    expect(run.code).toBe(0);
    expect(parseJson(run)).toEqual([]);
    expect(run.stderr).toBe("No expired tokens; nothing was deleted.\n");
  });

  it("--expired without terminal needs --yes", async () => {
    const user = await session.newUser();
    await user.createTokens("del-stays");
    setExpiry(session.emulator.dataDir, "del-stays", daysFromNow(-1));

    const run = await user.run(["pat", "delete", "--expired"]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("pass --yes to delete every expired token without a prompt");
    expect(await remaining(user)).toEqual(["del-stays"]);
  });

  it("--name with --expired is rejected", async () => {
    const user = await session.newUser();

    const run = await user.run(["pat", "delete", "--name", "x", "--expired"]);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("taskurai: --name and --expired cannot be combined: pass either the names to delete or --expired\n");
  });
});
