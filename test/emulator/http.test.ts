import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ProblemSchema } from "../../src/contract/index.js";
import { mintAccessToken, startEmulator, type EmulatorProcess } from "../helpers/emulator.js";

let emulator: EmulatorProcess;
let alice: string;

beforeAll(async () => {
  emulator = await startEmulator();
  alice = await mintAccessToken(emulator.dataDir, { user: "alice" });
}, 30_000);

afterAll(async () => {
  await emulator?.stop();
});

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const requestId = response.headers.get("x-request-id");
  expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const problem = ProblemSchema.parse(await response.json());
  expect(problem.code).toBe(code);
  expect(problem.status).toBe(status);
  expect(problem.requestId).toBe(requestId);
  expect(problem.type).toBe(`urn:taskurai:problem:${code}`);
  return problem;
}

function post(body: string | Uint8Array, contentType: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${alice}` };
  if (contentType !== undefined) headers["content-type"] = contentType;
  return fetch(`${emulator.url}/v1/pats`, { method: "POST", headers, body });
}

describe("HTTP protocol", () => {
  it("unknown route is 404 not_found", async () => {
    await expectProblem(await fetch(`${emulator.url}/v2/nothing`), 404, "not_found");
    await expectProblem(await fetch(`${emulator.url}/v1/pats/a/b`, { headers: { authorization: `Bearer ${alice}` } }), 404, "not_found");
  });

  it.each([
    ["DELETE", "/v1/pats", "GET, POST"],
    ["PUT", "/v1/pats/name", "GET, PATCH, DELETE"],
    ["POST", "/v1/tasks", "GET"],
  ])("%s %s is 405 with Allow", async (method, path, allow) => {
    const response = await fetch(`${emulator.url}${path}`, { method });
    expect(response.headers.get("allow")).toBe(allow);
    await expectProblem(response, 405, "method_not_allowed");
  });

  it("non-JSON content type is 415", async () => {
    const problem = await expectProblem(await post("name=x", "text/plain"), 415, "unsupported_media_type");
    expect(problem.detail).toContain("text/plain");
  });

  it("JSON with a charset parameter is accepted", async () => {
    const response = await post(JSON.stringify({ name: "charset", scopes: ["Taskurai.*"] }), "application/json; charset=utf-8");
    expect(response.status).toBe(201);
  });

  it("body over 64 KiB is 413", async () => {
    const body = JSON.stringify({ name: "big", scopes: ["Taskurai.*"], padding: "x".repeat(70 * 1024) });
    await expectProblem(await post(body, "application/json"), 413, "payload_too_large");
  });

  it("invalid JSON is invalid_request", async () => {
    const problem = await expectProblem(await post("{not json", "application/json"), 400, "invalid_request");
    expect(problem.detail).toContain("not valid JSON");
  });

  it("JSON array body is invalid_request", async () => {
    await expectProblem(await post("[]", "application/json"), 400, "invalid_request");
  });

  it("missing body on create is invalid_request", async () => {
    await expectProblem(await post("", "application/json"), 400, "invalid_request");
  });

  it("wrongly typed name is invalid_request", async () => {
    await expectProblem(await post(JSON.stringify({ name: 5, scopes: ["Taskurai.*"] }), "application/json"), 400, "invalid_request");
  });

  it("authentication comes before body checks", async () => {
    const response = await fetch(`${emulator.url}/v1/pats`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
    await expectProblem(response, 401, "unauthorized");
  });

  it("successful responses carry x-request-id", async () => {
    const jwks = await fetch(`${emulator.url}/.well-known/jwks.json`);
    expect(jwks.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const list = await fetch(`${emulator.url}/v1/pats`, { headers: { authorization: `Bearer ${alice}` } });
    expect(list.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(list.headers.get("content-type")).toMatch(/^application\/json/);
    expect(list.headers.get("x-request-id")).not.toBe(jwks.headers.get("x-request-id"));
  });

  it("duplicate query parameter is invalid_request", async () => {
    const response = await fetch(`${emulator.url}/v1/pats?maxPageSize=1&maxPageSize=2`, { headers: { authorization: `Bearer ${alice}` } });
    await expectProblem(response, 400, "invalid_request");
  });
});
