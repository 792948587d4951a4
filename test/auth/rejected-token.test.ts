import { describe, expect, it } from "vitest";

import { ApiError } from "../../src/client/errors.js";
import { rejectedTokenError } from "../../src/cli/error-map.js";

function unsignedJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "RS256", typ: "JWT" })}.${encode(claims)}.signature`;
}

const unauthorized = new ApiError(401, "unauthorized", "the access token's audience is not accepted", "req-1");

describe("rejectedTokenError", () => {
  it("marks an audience mismatch", () => {
    const token = { token: unsignedJwt({ aud: "api://other", tid: "t1" }), credential: "azure-cli" };

    const error = rejectedTokenError(unauthorized, token, { audience: "api://taskurai", tenant: undefined });

    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(
      "the Taskurai API rejected the access token: the access token's audience is not accepted (HTTP 401 unauthorized, request id req-1); the token from azure-cli has audience 'api://other' (requested 'api://taskurai') and tenant 't1'; set --audience (TASKURAI_AUDIENCE) and --tenant (AZURE_TENANT_ID) to what the API accepts",
    );
  });

  it("marks a tenant mismatch", () => {
    const token = { token: unsignedJwt({ aud: "api://taskurai", tid: "t1" }), credential: "azure-cli", fromCache: true };

    const error = rejectedTokenError(unauthorized, token, { audience: "api://taskurai", tenant: "t2" });

    expect(error.message).toContain("from azure-cli (cached)");
    expect(error.message).toContain("audience 'api://taskurai' and tenant 't1' (requested 't2')");
  });

  it("omits the hint without mismatch", () => {
    const token = { token: unsignedJwt({ aud: "api://taskurai", tid: "t1" }), credential: "azure-cli" };

    const error = rejectedTokenError(unauthorized, token, { audience: "api://taskurai", tenant: undefined });

    expect(error.message).toMatch(/; the token from azure-cli has audience 'api:\/\/taskurai' and tenant 't1'$/);
  });

  it("handles a token that is no JWT", () => {
    const error = rejectedTokenError(unauthorized, { token: "opaque" }, { audience: "api://taskurai", tenant: undefined });

    expect(error.message).toMatch(/the token is not a JWT, so its audience and tenant are unknown$/);
  });
});
