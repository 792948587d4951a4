import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startSession, type Session, type User } from "./session.js";

let session: Session;
let user: User;

beforeAll(async () => {
  session = await startSession();
  user = await session.newUser();
  await user.createTokens("nt-existing");
});
afterAll(async () => session?.stop());

/**
 * Each command runs with stdin closed, no terminal and CI unset. The kill guard turns a command
 * that waits for input into a failure on the signal.
 */
const CASES: { args: string[]; code: number; stderr?: string }[] = [
  { args: ["pat", "create"], code: 2, stderr: "missing required option --name" },
  { args: ["pat", "create", "--name", "nt-new"], code: 2, stderr: "missing required option --scopes" },
  { args: ["pat", "create", "--scopes", "Taskurai.Task.Read"], code: 2, stderr: "missing required option --name" },
  { args: ["pat", "create", "--name", "nt-made", "--scopes", "Taskurai.Task.Read"], code: 0 },
  { args: ["pat", "update"], code: 2, stderr: "missing required option --name" },
  { args: ["pat", "update", "--name", "nt-existing"], code: 0 },
  { args: ["pat", "show"], code: 2, stderr: "missing required option --name" },
  { args: ["pat", "show", "--name", "nt-existing"], code: 0 },
  { args: ["pat", "list"], code: 0 },
  { args: ["pat", "delete"], code: 2, stderr: "missing required option --name: pass the name of the token to delete; repeat --name to delete several" },
  { args: ["pat", "delete", "--yes"], code: 2, stderr: "missing required option --name" },
  { args: ["pat", "delete", "--expired"], code: 2, stderr: "pass --yes" },
  { args: ["pat", "delete", "--name", "nt-made"], code: 0 },
  { args: ["completion", "bash"], code: 0 },
];

describe("without a terminal", () => {
  it.each(CASES.map((testCase) => ({ ...testCase, line: testCase.args.join(" ") })))("$line never waits", async ({ args, code, stderr }) => {
    const run = await user.run(args, { env: { CI: undefined }, killAfterMs: 10_000 });

    expect(run.signal).toBeNull();
    expect(run.code).toBe(code);
    if (stderr !== undefined) expect(run.stderr).toContain(stderr);
  });
});
