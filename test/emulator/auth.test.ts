import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PatWithTokenSchema, ProblemSchema } from "../../src/contract/index.js";
import { makeDataDir, mintAccessToken, startEmulator, type EmulatorProcess } from "../helpers/emulator.js";

const NOW = () => Math.floor(Date.now() / 1000);

function base64url(value: unknown): string {
  return Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
}

function validClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    aud: "api://taskurai",
    oid: "0b8e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
    tid: "5b0c6a52-3f4e-4d61-9a8e-7e3c2f1d0a11",
    iat: NOW(),
    nbf: NOW(),
    exp: NOW() + 3600,
    ...overrides,
  };
}

/** Signs a JWT with RS256 and any header, so tests can craft tokens the token command never mints. */
function signRs256(key: KeyObject, header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  return `${signingInput}.${sign("sha256", Buffer.from(signingInput), key).toString("base64url")}`;
}

function emulatorKey(dataDir: string): { key: KeyObject; kid: string } {
  const jwk = JSON.parse(readFileSync(join(dataDir, "signing-key.json"), "utf8"));
  return { key: createPrivateKey({ key: jwk, format: "jwk" }), kid: jwk.kid };
}

function thumbprint(jwk: { e?: string; n?: string }): string {
  return createHash("sha256").update(JSON.stringify({ e: jwk.e, kty: "RSA", n: jwk.n })).digest("base64url");
}

async function listPats(url: string, token: string) {
  const response = await fetch(`${url}/v1/pats`, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.json();
  return { response, body };
}

async function expectRejected(url: string, token: string, code: string, detailPart: string) {
  const { response, body } = await listPats(url, token);
  expect(response.status).toBe(401);
  const problem = ProblemSchema.parse(body);
  expect(problem.code).toBe(code);
  expect(problem.detail).toContain(detailPart);
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token", error_description="/);
}

describe("access tokens on management routes", () => {
  let emulator: EmulatorProcess;
  let key: KeyObject;
  let kid: string;

  beforeAll(async () => {
    emulator = await startEmulator({ args: ["--audience", "api://taskurai", "--audience", "api://second"] });
    ({ key, kid } = emulatorKey(emulator.dataDir));
  }, 30_000);

  afterAll(async () => {
    await emulator?.stop();
  });

  it("minted token is accepted", async () => {
    const token = await mintAccessToken(emulator.dataDir, { user: "alice" });
    const { response } = await listPats(emulator.url, token);
    expect(response.status).toBe(200);
  });

  it("crafted token with the emulator key is accepted", async () => {
    const { response } = await listPats(emulator.url, signRs256(key, { alg: "RS256", kid }, validClaims()));
    expect(response.status).toBe(200);
  });

  it("token without kid is accepted", async () => {
    const { response } = await listPats(emulator.url, signRs256(key, { alg: "RS256" }, validClaims()));
    expect(response.status).toBe(200);
  });

  it("second --audience is accepted", async () => {
    const token = await mintAccessToken(emulator.dataDir, { audience: "api://second" });
    expect((await listPats(emulator.url, token)).response.status).toBe(200);
  });

  it("kid is the RFC 7638 thumbprint and the JWKS serves it", async () => {
    const response = await fetch(`${emulator.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys).toHaveLength(1);
    const [publicJwk] = jwks.keys;
    expect(publicJwk?.kid).toBe(kid);
    expect(thumbprint(publicJwk as { e: string; n: string })).toBe(kid);
    expect(publicJwk).not.toHaveProperty("d");
    expect(publicJwk).not.toHaveProperty("p");
  });

  it("expired token is token_expired", async () => {
    const token = await mintAccessToken(emulator.dataDir, { validMinutes: -5 });
    await expectRejected(emulator.url, token, "token_expired", "expired at");
  });

  it("expiry within the clock skew is accepted", async () => {
    const token = signRs256(key, { alg: "RS256", kid }, validClaims({ exp: NOW() - 10 }));
    expect((await listPats(emulator.url, token)).response.status).toBe(200);
  });

  it("token not valid yet is token_expired", async () => {
    const token = signRs256(key, { alg: "RS256", kid }, validClaims({ nbf: NOW() + 600 }));
    await expectRejected(emulator.url, token, "token_expired", "not valid before");
  });

  it("wrong audience is 401 naming it", async () => {
    const token = await mintAccessToken(emulator.dataDir, { audience: "api://other" });
    await expectRejected(emulator.url, token, "unauthorized", "the access token's audience 'api://other' is not accepted");
  });

  it("bad signature is 401", async () => {
    const { privateKey: otherKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    await expectRejected(emulator.url, signRs256(otherKey, { alg: "RS256", kid }, validClaims()), "unauthorized", "signature");
    await expectRejected(emulator.url, signRs256(otherKey, { alg: "RS256" }, validClaims()), "unauthorized", "signature");
  });

  it("tampered payload is 401", async () => {
    const token = await mintAccessToken(emulator.dataDir, { user: "alice" });
    const [header, , signature] = token.split(".");
    const forged = `${header}.${base64url(validClaims({ oid: "someone-else" }))}.${signature}`;
    await expectRejected(emulator.url, forged, "unauthorized", "signature");
  });

  it("alg none is 401", async () => {
    const token = `${base64url({ alg: "none", typ: "JWT" })}.${base64url(validClaims())}.`;
    await expectRejected(emulator.url, token, "unauthorized", "'none'");
  });

  it("HS256 keyed with the public key is 401", async () => {
    const jwks = (await (await fetch(`${emulator.url}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    const { createHmac } = await import("node:crypto");
    const signingInput = `${base64url({ alg: "HS256", kid })}.${base64url(validClaims())}`;
    const mac = createHmac("sha256", JSON.stringify(jwks.keys[0])).update(signingInput).digest("base64url");
    await expectRejected(emulator.url, `${signingInput}.${mac}`, "unauthorized", "'HS256'");
  });

  it("missing oid claim is 401", async () => {
    const claims = validClaims();
    delete claims.oid;
    await expectRejected(emulator.url, signRs256(key, { alg: "RS256", kid }, claims), "unauthorized", "'oid'");
  });

  it.each([
    ["no header", undefined, "no Authorization header"],
    ["Basic scheme", "Basic dXNlcjpwYXNz", "'Basic'"],
    ["Bearer without token", "Bearer", "after 'Bearer'"],
    ["not a JWT", "Bearer abc.def", "not a JWT"],
  ])("%s is 401", async (_case, header, detailPart) => {
    const headers: Record<string, string> = header === undefined ? {} : { authorization: header };
    const response = await fetch(`${emulator.url}/v1/pats`, { headers });
    expect(response.status).toBe(401);
    const problem = ProblemSchema.parse(await response.json());
    expect(problem.code).toBe("unauthorized");
    expect(problem.detail).toContain(detailPart);
    expect(problem.detail).not.toContain("dXNlcjpwYXNz");
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });
});

describe("--jwks", () => {
  const { privateKey: externalKey, publicKey: externalPublicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const externalJwk = { ...externalPublicKey.export({ format: "jwk" }), kid: "external-1", use: "sig", alg: "RS256" };
  const jwksDocument = JSON.stringify({ keys: [{ kty: "EC", crv: "P-256", x: "AA", y: "AA", kid: "ec" }, externalJwk] });

  async function checkTrust(emulator: EmulatorProcess) {
    const external = signRs256(externalKey, { alg: "RS256", kid: "external-1" }, validClaims());
    const created = await fetch(`${emulator.url}/v1/pats`, {
      method: "POST",
      headers: { authorization: `Bearer ${external}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "external", scopes: ["Taskurai.*"] }),
    });
    expect(created.status).toBe(201);
    PatWithTokenSchema.parse(await created.json());

    const own = await mintAccessToken(emulator.dataDir, { user: "alice" });
    await expectRejected(emulator.url, own, "unauthorized", "not in the trusted key set");

    const served = (await (await fetch(`${emulator.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
    expect(served.keys.map((jwk) => jwk.kid)).toEqual(["external-1"]);
  }

  it("FILE trusts that key and rejects the emulator's own", async () => {
    const dataDir = makeDataDir();
    const jwksFile = join(dataDir, "trusted-jwks.json");
    writeFileSync(jwksFile, jwksDocument);
    const emulator = await startEmulator({ dataDir, args: ["--jwks", jwksFile] });
    try {
      await checkTrust(emulator);
    } finally {
      await emulator.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("URL trusts that key and rejects the emulator's own", async () => {
    const server: Server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(jwksDocument);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const emulator = await startEmulator({ args: ["--jwks", `http://127.0.0.1:${port}/keys`] });
    try {
      await checkTrust(emulator);
    } finally {
      await emulator.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
