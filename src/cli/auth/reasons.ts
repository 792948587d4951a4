import { formatSeconds, StepSkippedError, StepTimeoutError } from "./timeouts.js";

/** Outcome of a step without a token: `unavailable` lets the chain go on, `failed` stops it. */
export interface StepFailure {
  kind: "unavailable" | "failed";
  /** Short reason for the step's line in the error message, such as `not signed in`. */
  reason: string;
}

/**
 * Entra ID error codes that mean the identity was found but may not have a token for this
 * API: the tenant does not exist or does not hold the user, consent is missing or revoked,
 * the API is not registered in the tenant, or policy blocks the sign-in. Trying another
 * credential would hide the cause, so these stop the chain.
 */
const FATAL_AADSTS_CODES = new Set(["50020", "50105", "53003", "65001", "90002", "500011", "700016", "900023"]);

/** Known messages of the Azure tool credentials in @azure/identity 4.13.1, mapped to short reasons. */
const KNOWN_REASONS: ReadonlyArray<[RegExp, string]> = [
  [/Azure CLI could not be found/, "not installed"],
  [/az login/, "not signed in (run 'az login')"],
  [/Unable to execute PowerShell/, "not installed"],
  [/Connect-AzAccount/, "not signed in (run 'Connect-AzAccount')"],
  [/'Az\.Account' module/, "Az.Accounts module not installed"],
];

const MAX_REASON_LENGTH = 200;

/** Classifies the error a credential step threw and shortens it to one line. */
export function classifyStepError(error: unknown): StepFailure {
  if (error instanceof StepTimeoutError) {
    return { kind: "unavailable", reason: `timed out after ${formatSeconds(error.limitMs)}` };
  }
  if (error instanceof StepSkippedError) return { kind: "unavailable", reason: `skipped: ${error.message}` };

  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  const aadsts = /AADSTS(\d+)/.exec(message)?.[1];
  if (name === "AuthenticationError" || (aadsts !== undefined && FATAL_AADSTS_CODES.has(aadsts))) {
    return { kind: "failed", reason: firstLine(message) };
  }

  for (const [pattern, reason] of KNOWN_REASONS) {
    if (pattern.test(message)) return { kind: "unavailable", reason };
  }
  return { kind: "unavailable", reason: firstLine(message) };
}

function firstLine(message: string): string {
  const line = message.split(/\r?\n/).find((candidate) => candidate.trim() !== "")?.trim() ?? "failed without a message";
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 3)}...` : line;
}
