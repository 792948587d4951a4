import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  ALL_SCOPE_NAMES,
  PatPageSchema,
  PatSchema,
  PatWithTokenSchema,
  ProblemSchema,
  isWellFormedToken,
  type PatWithToken,
} from "../../src/contract/index.js";
import { mintAccessToken, startEmulator, type EmulatorProcess } from "../helpers/emulator.js";

let emulator: EmulatorProcess;
let alice: string;
let bob: string;

beforeAll(async () => {
  emulator = await startEmulator({ args: ["--max-valid-minutes", "1000"] });
  alice = await mintAccessToken(emulator.dataDir, { user: "alice" });
  bob = await mintAccessToken(emulator.dataDir, { user: "bob" });
}, 30_000);

afterAll(async () => {
  await emulator?.stop();
});

async function call(method: string, path: string, token: string | undefined, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${emulator.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = ProblemSchema.parse(await response.json());
  expect(problem.requestId).toBe(response.headers.get("x-request-id"));
  expect(problem.type).toBe(`urn:taskurai:problem:${problem.code}`);
  expect(problem.status).toBe(response.status);
  return problem;
}

async function createPat(token: string, body: Record<string, unknown>): Promise<PatWithToken> {
  const response = await call("POST", "/v1/pats", token, body);
  expect(response.status).toBe(201);
  return PatWithTokenSchema.parse(await response.json());
}

function listTasks(pat: string): Promise<Response> {
  return call("GET", "/v1/tasks", pat);
}

describe("token management", () => {
  it("round trip: create, show, list, update, delete", async () => {
    const createResponse = await call("POST", "/v1/pats", alice, { name: "roundtrip", scopes: ["Taskurai.Task.*"], validMinutes: 60 });
    expect(createResponse.status).toBe(201);
    expect(createResponse.headers.get("location")).toBe("/v1/pats/roundtrip");
    expect(createResponse.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const created = PatWithTokenSchema.parse(await createResponse.json());
    expect(isWellFormedToken(created.token)).toBe(true);
    expect(created.hint).toBe(`tskpat_...${created.token.slice(-4)}`);
    expect(created.createdAt).toBe(created.updatedAt);
    expect(created.lastUsedAt).toBeNull();
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(60 * 60_000);

    const showResponse = await call("GET", "/v1/pats/roundtrip", alice);
    expect(showResponse.status).toBe(200);
    const shown = await showResponse.json();
    expect(shown).not.toHaveProperty("token");
    const { token: _value, ...metadata } = created;
    expect(PatSchema.parse(shown)).toEqual(metadata);

    const listResponse = await call("GET", "/v1/pats", alice);
    expect(listResponse.status).toBe(200);
    const page = PatPageSchema.parse(await listResponse.json());
    expect(page.value.map((pat) => pat.name)).toContain("roundtrip");
    expect(JSON.stringify(page)).not.toContain(created.token);

    const updateResponse = await call("PATCH", "/v1/pats/roundtrip", alice, { validMinutes: 120, scopes: ["Taskurai.Log.*"] });
    expect(updateResponse.status).toBe(200);
    const updated = PatWithTokenSchema.parse(await updateResponse.json());
    expect(updated.id).toBe(created.id);
    expect(updated.token).not.toBe(created.token);
    expect(updated.scopes).toEqual(["Taskurai.Log.*"]);
    expect(updated.createdAt).toBe(created.createdAt);
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    expect(Date.parse(updated.expiresAt) - Date.parse(updated.updatedAt)).toBe(120 * 60_000);

    const deleteResponse = await call("DELETE", "/v1/pats/roundtrip", alice);
    expect(deleteResponse.status).toBe(204);
    expect(await deleteResponse.text()).toBe("");

    const afterDelete = await call("GET", "/v1/pats/roundtrip", alice);
    expect(afterDelete.status).toBe(404);
    expect((await problemOf(afterDelete)).code).toBe("pat_not_found");

    const deleteAgain = await call("DELETE", "/v1/pats/roundtrip", alice);
    expect(deleteAgain.status).toBe(404);
  });

  it("update without a body keeps scopes and uses the default validity", async () => {
    const created = await createPat(alice, { name: "emptypatch", scopes: ["Taskurai.Task.Read"] });
    const response = await fetch(`${emulator.url}/v1/pats/emptypatch`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(response.status).toBe(200);
    const updated = PatWithTokenSchema.parse(await response.json());
    expect(updated.scopes).toEqual(created.scopes);
    // The server maximum is 1000 minutes here, below the 43200-minute default.
    expect(Date.parse(updated.expiresAt) - Date.parse(updated.updatedAt)).toBe(1000 * 60_000);
  });

  it("duplicate name is 409", async () => {
    await createPat(alice, { name: "dup", scopes: ["Taskurai.*"] });
    const response = await call("POST", "/v1/pats", alice, { name: "dup", scopes: ["Taskurai.*"] });
    expect(response.status).toBe(409);
    const problem = await problemOf(response);
    expect(problem.code).toBe("pat_already_exists");
    expect(problem.detail).toContain("'dup'");
  });

  it("names are case-sensitive", async () => {
    await createPat(alice, { name: "CaseName", scopes: ["Taskurai.*"] });
    const lower = await call("POST", "/v1/pats", alice, { name: "casename", scopes: ["Taskurai.*"] });
    expect(lower.status).toBe(201);
    expect((await call("GET", "/v1/pats/CASENAME", alice)).status).toBe(404);
  });

  it("scopes match case-insensitively and are stored canonically", async () => {
    const created = await createPat(alice, {
      name: "casing",
      scopes: ["taskurai.task.read", "TASKURAI.TASK.READ", "taskurai.log.*"],
    });
    expect(created.scopes).toEqual(["Taskurai.Task.Read", "Taskurai.Log.*"]);
    const shown = PatSchema.parse(await (await call("GET", "/v1/pats/casing", alice)).json());
    expect(shown.scopes).toEqual(["Taskurai.Task.Read", "Taskurai.Log.*"]);
  });

  it("unknown scope is 400 naming it", async () => {
    const response = await call("POST", "/v1/pats", alice, { name: "badscope", scopes: ["Taskurai.Task.Read", "Taskurai.Nope"] });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe("invalid_scope");
    expect(problem.detail).toContain("'Taskurai.Nope'");
    for (const scope of ALL_SCOPE_NAMES) expect(problem.detail).toContain(scope);
  });

  it.each([
    ["missing scopes", { name: "noscopes" }],
    ["empty scopes", { name: "noscopes", scopes: [] }],
  ])("%s is invalid_scope", async (_case, body) => {
    const response = await call("POST", "/v1/pats", alice, body);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe("invalid_scope");
  });

  it.each([
    ["with a space", "a b"],
    ["with a slash", "a/b"],
    ["empty", ""],
    ["65 characters", "x".repeat(65)],
    ["non-ASCII", "tökén"],
  ])("name %s is invalid_name", async (_case, name) => {
    const response = await call("POST", "/v1/pats", alice, { name, scopes: ["Taskurai.*"] });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe("invalid_name");
    expect(problem.detail).toContain("a token name");
  });

  it("name rules accept 64 characters and . _ -", async () => {
    await createPat(alice, { name: "x".repeat(64), scopes: ["Taskurai.*"] });
    await createPat(alice, { name: "a.b_c-D9", scopes: ["Taskurai.*"] });
  });

  it("missing name is invalid_name", async () => {
    const response = await call("POST", "/v1/pats", alice, { scopes: ["Taskurai.*"] });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe("invalid_name");
  });

  it("invalid name in the path is 400", async () => {
    const response = await call("GET", `/v1/pats/${encodeURIComponent("a b")}`, alice);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe("invalid_name");
  });

  it.each([0, -1, 1.5, "10", 1001, null])("validMinutes %j is invalid_valid_minutes", async (validMinutes) => {
    const response = await call("POST", "/v1/pats", alice, { name: "minutes", scopes: ["Taskurai.*"], validMinutes });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe("invalid_valid_minutes");
    expect(problem.detail).toContain("from 1 to 1000");
  });

  it("validMinutes at the --max-valid-minutes bound is accepted", async () => {
    const created = await createPat(alice, { name: "maxminutes", scopes: ["Taskurai.*"], validMinutes: 1000 });
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(1000 * 60_000);
    const response = await call("PATCH", "/v1/pats/maxminutes", alice, { validMinutes: 1001 });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe("invalid_valid_minutes");
  });

  it("unknown body field is invalid_request", async () => {
    const response = await call("POST", "/v1/pats", alice, { name: "extra", scopes: ["Taskurai.*"], owner: "bob" });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe("invalid_request");
    expect(problem.detail).toContain("'owner'");
  });

  it("update of a missing token is 404", async () => {
    const response = await call("PATCH", "/v1/pats/nosuchtoken", alice, {});
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe("pat_not_found");
  });
});

describe("paging", () => {
  let carol: string;

  beforeAll(async () => {
    carol = await mintAccessToken(emulator.dataDir, { user: "carol" });
    for (const name of ["p5", "p3", "p1", "p4", "p2"]) {
      await createPat(carol, { name, scopes: ["Taskurai.Task.Read"] });
    }
  });

  it("walks three pages of two sorted by name", async () => {
    const pages: string[][] = [];
    let continuation: string | null = null;
    do {
      const query: string = continuation === null ? "" : `&continuationToken=${encodeURIComponent(continuation)}`;
      const response = await call("GET", `/v1/pats?maxPageSize=2${query}`, carol);
      expect(response.status).toBe(200);
      const page = PatPageSchema.parse(await response.json());
      pages.push(page.value.map((pat) => pat.name));
      continuation = page.continuationToken;
    } while (continuation !== null && pages.length < 10);
    expect(pages).toEqual([["p1", "p2"], ["p3", "p4"], ["p5"]]);
  });

  it.each(["0", "101", "abc", "2.5", ""])("maxPageSize %j is invalid_request", async (size) => {
    const response = await call("GET", `/v1/pats?maxPageSize=${size}`, carol);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe("invalid_request");
  });

  it("invalid continuationToken is 400", async () => {
    const response = await call("GET", "/v1/pats?continuationToken=not-a-token", carol);
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe("invalid_request");
    expect(problem.detail).toContain("continuationToken");
  });
});

describe("isolation between users", () => {
  it("second user sees 404 and an empty list", async () => {
    const created = await createPat(alice, { name: "private", scopes: ["Taskurai.*"] });

    const bobList = PatPageSchema.parse(await (await call("GET", "/v1/pats", bob)).json());
    expect(bobList.value).toEqual([]);
    expect((await call("GET", "/v1/pats/private", bob)).status).toBe(404);
    expect((await call("PATCH", "/v1/pats/private", bob, {})).status).toBe(404);
    expect((await call("DELETE", "/v1/pats/private", bob)).status).toBe(404);

    // Bob may use the same name for his own token.
    await createPat(bob, { name: "private", scopes: ["Taskurai.*"] });
    const aliceView = PatSchema.parse(await (await call("GET", "/v1/pats/private", alice)).json());
    expect(aliceView.id).toBe(created.id);
  });

  it("same user in another tenant is another caller", async () => {
    const otherTenant = await mintAccessToken(emulator.dataDir, {
      user: "alice",
      tenant: "11111111-2222-4333-8444-555555555555",
    });
    await createPat(alice, { name: "tenanted", scopes: ["Taskurai.*"] });
    expect((await call("GET", "/v1/pats/tenanted", otherTenant)).status).toBe(404);
  });
});

describe("personal access token on /v1/tasks", () => {
  it("works after create and sets lastUsedAt", async () => {
    const created = await createPat(alice, { name: "reader", scopes: ["Taskurai.Task.Read"] });
    const response = await listTasks(created.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ value: [], continuationToken: null });

    const shown = PatSchema.parse(await (await call("GET", "/v1/pats/reader", alice)).json());
    expect(shown.lastUsedAt).not.toBeNull();
    expect(Date.parse(shown.lastUsedAt as string)).toBeGreaterThanOrEqual(Date.parse(created.createdAt));
  });

  it("old value fails after update, new one works", async () => {
    const created = await createPat(alice, { name: "rotated", scopes: ["Taskurai.Task.*"] });
    expect((await listTasks(created.token)).status).toBe(200);

    const updated = PatWithTokenSchema.parse(await (await call("PATCH", "/v1/pats/rotated", alice, {})).json());
    const oldValue = await listTasks(created.token);
    expect(oldValue.status).toBe(401);
    expect((await problemOf(oldValue)).code).toBe("unauthorized");
    expect(oldValue.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    expect((await listTasks(updated.token)).status).toBe(200);

    // lastUsedAt survives the update: an earlier value authenticated a request.
    expect(updated.lastUsedAt).not.toBeNull();
  });

  it("fails after delete", async () => {
    const created = await createPat(alice, { name: "deleted", scopes: ["Taskurai.*"] });
    expect((await listTasks(created.token)).status).toBe(200);
    expect((await call("DELETE", "/v1/pats/deleted", alice)).status).toBe(204);
    const response = await listTasks(created.token);
    expect(response.status).toBe(401);
    expect((await problemOf(response)).code).toBe("unauthorized");
  });

  it("missing scope is 403 insufficient_scope", async () => {
    const created = await createPat(alice, { name: "logsonly", scopes: ["Taskurai.Log.*", "Taskurai.Task.Create"] });
    const response = await listTasks(created.token);
    expect(response.status).toBe(403);
    const problem = await problemOf(response);
    expect(problem.code).toBe("insufficient_scope");
    expect(problem.detail).toContain("Taskurai.Task.Read");
  });

  it.each(["Taskurai.*", "Taskurai.Task.*", "Taskurai.Task.Read"])("scope %s grants reading tasks", async (scope) => {
    const created = await createPat(alice, { name: `grant-${scope.replaceAll("*", "all")}`, scopes: [scope] });
    expect((await listTasks(created.token)).status).toBe(200);
  });

  it("malformed token and bad checksum are 401", async () => {
    const created = await createPat(alice, { name: "checksum", scopes: ["Taskurai.*"] });
    const last = created.token.at(-1) === "A" ? "B" : "A";
    const tampered = created.token.slice(0, -1) + last;
    for (const value of ["nonsense", tampered]) {
      const response = await listTasks(value);
      expect(response.status).toBe(401);
      expect((await problemOf(response)).code).toBe("unauthorized");
    }
  });

  it("access token on /v1/tasks is 401", async () => {
    const response = await listTasks(alice);
    expect(response.status).toBe(401);
    const problem = await problemOf(response);
    expect(problem.detail).toContain("personal access token");
  });

  it("personal access token on a management route is 401", async () => {
    const created = await createPat(alice, { name: "notformanagement", scopes: ["Taskurai.*"] });
    const response = await call("GET", "/v1/pats", created.token);
    expect(response.status).toBe(401);
    const problem = await problemOf(response);
    expect(problem.code).toBe("unauthorized");
    expect(problem.detail).toBe("personal access tokens cannot manage tokens; sign in with Microsoft Entra ID");
  });
});

describe("secrets at rest and in logs", () => {
  it("database files hold no token value", async () => {
    const created = await createPat(alice, { name: "atrest", scopes: ["Taskurai.*"] });
    const updated = PatWithTokenSchema.parse(await (await call("PATCH", "/v1/pats/atrest", alice, {})).json());

    const files = readdirSync(emulator.dataDir).filter((file) => file.startsWith("taskurai-emulator.db"));
    expect(files).toContain("taskurai-emulator.db");
    expect(files).toContain("taskurai-emulator.db-wal");
    for (const file of files) {
      const bytes = readFileSync(join(emulator.dataDir, file));
      for (const value of [created.token, updated.token]) {
        expect(bytes.includes(Buffer.from(value)), `${file} contains a token value`).toBe(false);
        // The random part alone must not be stored either.
        expect(bytes.includes(Buffer.from(value.slice(7))), `${file} contains a token body`).toBe(false);
      }
    }
  });

  it("request log holds no token value and no Bearer", async () => {
    const created = await createPat(alice, { name: "logged", scopes: ["Taskurai.*"] });
    await listTasks(created.token);
    await call("GET", `/v1/pats?continuationToken=${created.token}`, alice);

    const logs = emulator.logs();
    expect(logs).toContain("POST /v1/pats 201");
    expect(logs).toMatch(/GET \/v1\/tasks 200 \S+ms request=[0-9a-f-]{36} caller=pat:[0-9a-f-]{36}/);
    expect(logs).not.toContain(created.token);
    expect(logs).not.toContain(created.token.slice(7));
    expect(logs).not.toContain(alice);
    expect(logs).not.toContain(alice.split(".")[2]);
    expect(logs.toLowerCase()).not.toContain("bearer");
  });
});
