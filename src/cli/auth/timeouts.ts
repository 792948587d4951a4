/** A credential step did not finish within its bound. */
export class StepTimeoutError extends Error {
  override name = "StepTimeoutError";

  constructor(
    readonly step: string,
    readonly limitMs: number,
  ) {
    super(`${step} timed out after ${formatSeconds(limitMs)}`);
  }
}

/** A step was not tried because it cannot work here, such as a browser sign-in without a terminal. */
export class StepSkippedError extends Error {
  override name = "StepSkippedError";
}

/** Formats milliseconds as seconds for messages, such as `15 s` or `0.5 s`. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/**
 * Settles with `work`, or rejects with StepTimeoutError after `limitMs`. The work itself
 * goes on: callers pass the same bound to the tool where the credential accepts one.
 */
export function withTimeout<T>(work: Promise<T>, limitMs: number, step: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeoutError(step, limitMs)), limitMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
