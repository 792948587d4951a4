import { AuthError } from "../errors.js";
import { ENV } from "../settings.js";
import { classifyStepError } from "./reasons.js";
import { STEP_HINTS, type CredentialStep, type StepContext, type StepToken } from "./steps.js";
import { formatSeconds, withTimeout } from "./timeouts.js";

/** The token of the first step that produced one. */
export interface ChainResult extends StepToken {
  credential: string;
}

/**
 * Tries `steps` in order, each within its bound, and returns the first token. A step that is
 * unavailable (not installed, not signed in, skipped, timed out) passes to the next one. A
 * real authentication failure, such as a wrong tenant or revoked consent, stops the chain.
 * Throws AuthError that lists every step and its reason when none produced a token.
 */
export async function runChain(
  steps: readonly CredentialStep[],
  context: StepContext,
  debug: (line: string) => void,
): Promise<ChainResult> {
  const reasons: Array<[string, string]> = [];

  for (const step of steps) {
    const limitMs = step.interactive ? context.interactiveTimeoutMs : context.toolTimeoutMs;
    debug(`auth: trying ${step.name} (bound ${formatSeconds(limitMs)})`);
    try {
      const token = await withTimeout(step.getToken(context), limitMs, step.name);
      debug(`auth: ${step.name} returned a token`);
      return { ...token, credential: step.name };
    } catch (error) {
      const failure = classifyStepError(error);
      debug(`auth: ${step.name} ${failure.kind}: ${error instanceof Error ? error.message : String(error)}`);
      if (failure.kind === "failed") {
        throw new AuthError(
          `${step.name} could not sign in: ${failure.reason}; check --tenant (${context.tenant ?? "not set"}) and that your account may use the Taskurai API`,
          { cause: error },
        );
      }
      reasons.push([step.name, failure.reason]);
    }
  }
  throw chainError(steps, reasons);
}

function chainError(steps: readonly CredentialStep[], reasons: ReadonlyArray<[string, string]>): AuthError {
  const [only] = steps;
  if (steps.length === 1 && only !== undefined) {
    const reason = reasons[0]?.[1] ?? "no token";
    const hint = reason.startsWith("timed out")
      ? `raise ${only.interactive ? ENV.interactiveAuthTimeout : ENV.authTimeout} (seconds) if the sign-in needs longer`
      : STEP_HINTS[only.name];
    return new AuthError(`${only.name} could not sign in: ${reason}; ${hint}, or choose another credential with --auth`);
  }

  const lines = [
    "no credential could sign in to the Taskurai API:",
    ...reasons.map(([name, reason]) => `  - ${name}: ${reason}`),
    `Sign in with 'az login' or 'Connect-AzAccount', use --auth device-code where no browser can open, or set ${ENV.accessToken}.`,
  ];
  return new AuthError(lines.join("\n"));
}
