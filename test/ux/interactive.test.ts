import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { parseJson } from "../helpers/cli.js";
import { daysFromNow, setExpiry, startSession, type Session, type User } from "./session.js";
import { KEYS, runInTerminal, type TerminalRun } from "./terminal.js";

let session: Session;
const terminals: TerminalRun[] = [];

beforeAll(async () => {
  session = await startSession();
});
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.kill();
});
afterAll(async () => session?.stop());

function terminal(user: User, args: string[]): TerminalRun {
  const run = runInTerminal(args, user.env);
  terminals.push(run);
  return run;
}

async function remaining(user: User): Promise<string[]> {
  return parseJson<{ name: string }[]>(await user.run(["pat", "list", "-o", "json"])).map((pat) => pat.name);
}

function deleteRequests(): number {
  return session.emulator.logs().split("\n").filter((line) => line.includes("DELETE")).length;
}

describe("interactive delete", () => {
  it("deletes the selected tokens", async () => {
    const user = await session.newUser();
    await user.createTokens("pick-a", "pick-b", "pick-c");
    const term = terminal(user, ["pat", "delete"]);

    await term.waitFor("Tokens to delete");
    await term.waitFor("pick-c");
    term.write(KEYS.space);
    term.write(KEYS.down);
    term.write(KEYS.down);
    term.write(KEYS.space);
    term.write(KEYS.enter);
    await term.waitFor("Delete 2 tokens? Access with them is revoked immediately and permanently.");
    term.write("y");
    term.write(KEYS.enter);

    expect((await term.exit()).exitCode).toBe(0);
    expect(term.output()).toContain("Tokens to delete (space to select, enter to confirm): pick-a, pick-c\r\n");
    expect(term.output()).toContain("Deleted token 'pick-a'.");
    expect(term.output()).toContain("Deleted token 'pick-c'.");
    expect(await remaining(user)).toEqual(["pick-b"]);
  });

  it("shows scopes, status and expiry", async () => {
    const user = await session.newUser();
    await user.createTokens("show-a");
    const term = terminal(user, ["pat", "delete"]);

    await term.waitFor("Tokens to delete");

    await term.waitFor("show-a  Taskurai.Task.Read  active        expires in 30 days (");
  });

  it("shows progress for several tokens", async () => {
    const user = await session.newUser();
    await user.createTokens("prog-a", "prog-b");
    const term = terminal(user, ["pat", "delete", "--yes"]);

    await term.waitFor("prog-b");
    term.write("a");
    term.write(KEYS.enter);

    expect((await term.exit()).exitCode).toBe(0);
    expect(term.output()).toContain("Deleting 2 of 2: prog-b");
  });

  it("empty selection deletes nothing", async () => {
    const user = await session.newUser();
    await user.createTokens("none-a");
    const term = terminal(user, ["pat", "delete"]);

    await term.waitFor("none-a");
    term.write(KEYS.enter);

    expect((await term.exit()).exitCode).toBe(0);
    expect(term.output()).toContain("No tokens selected; nothing was deleted.");
    expect(await remaining(user)).toEqual(["none-a"]);
  });

  it("declined confirmation deletes nothing", async () => {
    const user = await session.newUser();
    await user.createTokens("keep-a");
    const term = terminal(user, ["pat", "delete"]);

    await term.waitFor("keep-a");
    term.write(KEYS.space);
    term.write(KEYS.enter);
    await term.waitFor("Delete token 'keep-a'?");
    term.write(KEYS.enter);

    expect((await term.exit()).exitCode).toBe(0);
    expect(term.output()).toContain("Nothing was deleted.");
    expect(await remaining(user)).toEqual(["keep-a"]);
  });

  it("Ctrl-C at the list exits 130", async () => {
    const user = await session.newUser();
    await user.createTokens("cc-a");
    const before = deleteRequests();
    const term = terminal(user, ["pat", "delete"]);

    await term.waitFor("cc-a");
    term.write(KEYS.space);
    term.write(KEYS.ctrlC);

    expect((await term.exit()).exitCode).toBe(130);
    expect(term.output()).toContain("taskurai: cancelled at the prompt; nothing was changed");
    expect(term.output()).not.toMatch(/\n\s+at /);
    expect(deleteRequests()).toBe(before);
    expect(await remaining(user)).toEqual(["cc-a"]);
  });

  it("Ctrl-C at the confirmation exits 130", async () => {
    const user = await session.newUser();
    await user.createTokens("cc-b");
    const term = terminal(user, ["pat", "delete"]);

    await term.waitFor("cc-b");
    term.write(KEYS.space);
    term.write(KEYS.enter);
    await term.waitFor("Delete token 'cc-b'?");
    term.write(KEYS.ctrlC);

    expect((await term.exit()).exitCode).toBe(130);
    expect(await remaining(user)).toEqual(["cc-b"]);
  });

  it("--expired asks before deleting", async () => {
    const user = await session.newUser();
    await user.createTokens("exp-a");
    setExpiry(session.emulator.dataDir, "exp-a", daysFromNow(-1));
    const term = terminal(user, ["pat", "delete", "--expired"]);

    await term.waitFor("Delete token 'exp-a'?");
    term.write("y");
    term.write(KEYS.enter);

    expect((await term.exit()).exitCode).toBe(0);
    expect(await remaining(user)).toEqual([]);
  });
});

describe("prompted create", () => {
  it("asks for name and scopes", async () => {
    const user = await session.newUser();
    const term = terminal(user, ["pat", "create", "-o", "json"]);

    await term.waitFor("Token name:");
    term.write("bad name");
    term.write(KEYS.enter);
    await term.waitFor("a token name may contain only letters, digits, '.', '_' and '-'");
    term.write("\u007f".repeat(8));
    term.write("prompted");
    term.write(KEYS.enter);
    await term.waitFor("Scopes the token grants");
    term.write(KEYS.down);
    term.write(KEYS.space);
    term.write(KEYS.enter);

    expect((await term.exit()).exitCode).toBe(0);
    const show = parseJson<{ scopes: string[] }>(await user.run(["pat", "show", "--name", "prompted"]));
    expect(show.scopes).toEqual(["Taskurai.Task.*"]);
    expect(term.output()).toMatch(/"token": "tskpat_[0-9A-Za-z]{36}"/);
  });

  it("rejects a taken name at the prompt", async () => {
    const user = await session.newUser();
    await user.createTokens("taken");
    const term = terminal(user, ["pat", "create", "-o", "json"]);

    await term.waitFor("Token name:");
    term.write("taken");
    term.write(KEYS.enter);
    await term.waitFor("a token named 'taken' already exists");
    term.write(KEYS.ctrlC);

    expect((await term.exit()).exitCode).toBe(130);
    expect(term.output()).not.toContain("Scopes the token grants");
  });

  it("asks only for missing scopes", async () => {
    const user = await session.newUser();
    const term = terminal(user, ["pat", "create", "--name", "only-scopes"]);

    await term.waitFor("Scopes the token grants");
    term.write(KEYS.space);
    term.write(KEYS.enter);

    expect((await term.exit()).exitCode).toBe(0);
    expect(term.output()).not.toContain("Token name:");
    expect(await remaining(user)).toEqual(["only-scopes"]);
  });

  it("requires a scope", async () => {
    const user = await session.newUser();
    const term = terminal(user, ["pat", "create", "--name", "needs-scope"]);

    await term.waitFor("Scopes the token grants");
    term.write(KEYS.enter);
    await term.waitFor("At least one choice must be selected");
    term.write(KEYS.ctrlC);

    expect((await term.exit()).exitCode).toBe(130);
  });

  it("Ctrl-C at the name creates nothing", async () => {
    const user = await session.newUser();
    const term = terminal(user, ["pat", "create"]);

    await term.waitFor("Token name:");
    term.write("half");
    term.write(KEYS.ctrlC);

    expect((await term.exit()).exitCode).toBe(130);
    expect(await remaining(user)).toEqual([]);
  });

  it("CI set turns prompting off", async () => {
    const user = await session.newUser();
    const term = runInTerminal(["pat", "create"], { ...user.env, CI: "true" });
    terminals.push(term);

    expect((await term.exit()).exitCode).toBe(2);
    expect(term.output()).toContain("missing required option --name");
  });
});
