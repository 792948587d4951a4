import { UsageError } from "../errors.js";

interface JmesPath {
  search(document: unknown, expression: string): unknown;
  compile(expression: string): unknown;
}

async function loadJmesPath(): Promise<JmesPath> {
  const module = await import("jmespath");
  // The type definitions omit `compile`, which the library exports for parsing without evaluating.
  return module.default as unknown as JmesPath;
}

function invalidQuery(expression: string, error: unknown): UsageError {
  const reason = error instanceof Error ? error.message : String(error);
  return new UsageError(`invalid --query '${expression}': ${reason}; see https://jmespath.org for the syntax`, { cause: error });
}

/**
 * Checks the syntax of a JMESPath expression, so a malformed `--query` fails before any request is
 * sent. Type errors, such as a function applied to the wrong kind of value, depend on the data and
 * surface only when the query is applied. Loads the JMESPath library only when there is an expression.
 */
export async function validateQuery(expression: string | undefined): Promise<void> {
  if (expression === undefined) return;
  const jmespath = await loadJmesPath();
  try {
    jmespath.compile(expression);
  } catch (error) {
    throw invalidQuery(expression, error);
  }
}

/** Applies a JMESPath expression to a command's data; an expression that fails is a usage error. */
export async function applyQuery(data: unknown, expression: string): Promise<unknown> {
  const jmespath = await loadJmesPath();
  try {
    return jmespath.search(data ?? null, expression);
  } catch (error) {
    throw invalidQuery(expression, error);
  }
}
