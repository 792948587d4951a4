import { UsageError } from "../errors.js";

type Search = (document: unknown, expression: string) => unknown;

async function loadSearch(): Promise<Search> {
  const module = await import("jmespath");
  return module.default.search;
}

/**
 * Checks that `expression` is valid JMESPath, so a bad `--query` fails before any request is sent.
 * Loads the JMESPath library only when there is an expression.
 */
export async function validateQuery(expression: string | undefined): Promise<void> {
  if (expression === undefined) return;
  await applyQuery(null, expression);
}

/** Applies a JMESPath expression to a command's data; an invalid expression is a usage error. */
export async function applyQuery(data: unknown, expression: string): Promise<unknown> {
  const search = await loadSearch();
  try {
    return search(data ?? null, expression);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`invalid --query '${expression}': ${reason}; see https://jmespath.org for the syntax`, { cause: error });
  }
}
