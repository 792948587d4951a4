import { describe, expect, it } from "vitest";

import { classifyStepError } from "../../src/cli/auth/reasons.js";
import { StepSkippedError, StepTimeoutError } from "../../src/cli/auth/timeouts.js";

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe("classifyStepError", () => {
  it.each([
    [new StepTimeoutError("azure-cli", 1500), "timed out after 1.5 s"],
    [new StepSkippedError("no terminal"), "skipped: no terminal"],
    [namedError("CredentialUnavailableError", "Azure CLI could not be found. Please visit ..."), "not installed"],
    [namedError("CredentialUnavailableError", "Please run 'az login' from a command prompt"), "not signed in (run 'az login')"],
    [namedError("CredentialUnavailableError", "Error: Unable to execute PowerShell. Ensure ..."), "not installed"],
    [new Error("plain failure\nsecond line"), "plain failure"],
  ])("passes on %s", (error, reason) => {
    expect(classifyStepError(error)).toEqual({ kind: "unavailable", reason });
  });

  it("stops on AuthenticationError", () => {
    expect(classifyStepError(namedError("AuthenticationError", "invalid_grant")).kind).toBe("failed");
  });

  it("stops on a consent error", () => {
    const error = namedError("CredentialUnavailableError", "AADSTS65001: The user or administrator has not consented");

    expect(classifyStepError(error).kind).toBe("failed");
  });

  it("passes on other AADSTS codes", () => {
    const error = namedError("CredentialUnavailableError", "AADSTS50076: multi-factor authentication required, run az login");

    expect(classifyStepError(error).kind).toBe("unavailable");
  });

  it("shortens long messages", () => {
    expect(classifyStepError(new Error("x".repeat(500))).reason).toHaveLength(200);
  });
});
