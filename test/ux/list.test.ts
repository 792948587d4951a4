import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseJson } from "../helpers/cli.js";
import { daysFromNow, setExpiry, startSession, type Session, type User } from "./session.js";

let session: Session;
let user: User;

beforeAll(async () => {
  session = await startSession();
  user = await session.newUser();
  await user.createTokens("list-a-active", "list-c-expired", "list-b-soon");
  setExpiry(session.emulator.dataDir, "list-c-expired", daysFromNow(-2));
  setExpiry(session.emulator.dataDir, "list-b-soon", daysFromNow(3));
});
afterAll(async () => session?.stop());

async function names(args: string[]): Promise<string[]> {
  return parseJson<{ name: string }[]>(await user.run(["pat", "list", ...args, "-o", "json"])).map((pat) => pat.name);
}

describe("pat list", () => {
  it("sorts by name by default", async () => {
    expect(await names([])).toEqual(["list-a-active", "list-b-soon", "list-c-expired"]);
  });

  it("sorts by expiry", async () => {
    expect(await names(["--sort", "expires"])).toEqual(["list-c-expired", "list-b-soon", "list-a-active"]);
  });

  it("--expired keeps expired tokens", async () => {
    expect(await names(["--expired"])).toEqual(["list-c-expired"]);
  });

  it("--expiring-within keeps tokens expiring soon", async () => {
    expect(await names(["--expiring-within", "7d"])).toEqual(["list-b-soon"]);
  });

  it("--expiring-within 1h keeps none", async () => {
    expect(await names(["--expiring-within", "1h"])).toEqual([]);
  });

  it("both filters keep either", async () => {
    expect(await names(["--expired", "--expiring-within", "7d"])).toEqual(["list-b-soon", "list-c-expired"]);
  });

  it("table shows each status", async () => {
    const run = await user.run(["pat", "list", "-o", "table"]);

    expect(run.stdout).toMatch(/list-c-expired\s{2,}Taskurai\.Task\.Read\s{2,}expired\s{2,}.+ \(2 days ago\)\s{2,}never/);
    expect(run.stdout).toMatch(/list-b-soon\s{2,}Taskurai\.Task\.Read\s{2,}expires soon\s{2,}.+ \(in 3 days\)/);
    expect(run.stdout).toMatch(/list-a-active\s{2,}Taskurai\.Task\.Read\s{2,}active\s{2,}/);
  });

  it("table says when no token matches", async () => {
    const run = await user.run(["pat", "list", "--expiring-within", "1m", "-o", "table"]);

    expect(run.stdout).toBe("No tokens match the filter.\n");
  });

  it("invalid --sort is a usage error", async () => {
    const run = await user.run(["pat", "list", "--sort", "age"]);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("taskurai: invalid --sort 'age'; expected one of: name, expires\n");
  });

  it("invalid --expiring-within is a usage error", async () => {
    const run = await user.run(["pat", "list", "--expiring-within", "7"]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("invalid --expiring-within '7'");
  });

  it.each(["0d", "10000000w"])("--expiring-within %s is out of range", async (value) => {
    const run = await user.run(["pat", "list", "--expiring-within", value]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("expected a duration from 1m to 5200w");
  });
});

