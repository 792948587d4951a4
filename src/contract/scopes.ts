/**
 * Access scopes a personal access token can grant, as the Taskurai documentation lists them.
 * Scope names match case-insensitively; the API stores and returns the casing listed here.
 */
export interface ScopeDefinition {
  name: string;
  description: string;
}

/** Every concrete scope, grouped by area in documentation order. */
export const SCOPES: readonly ScopeDefinition[] = [
  { name: "Taskurai.Task.Create", description: "Create new tasks." },
  { name: "Taskurai.Task.Read", description: "Read or list tasks." },
  { name: "Taskurai.Task.Logs.Read", description: "Read or list task logs." },
  { name: "Taskurai.Task.Update", description: "Update existing tasks." },
  { name: "Taskurai.Task.Delete", description: "Delete a task." },
  { name: "Taskurai.Log.Query.Read", description: "Query log messages." },
  { name: "Taskurai.Log.Console.Read", description: "List console log messages." },
  { name: "Taskurai.Log.System.Read", description: "List system log messages." },
  { name: "Taskurai.Log.Task.Console.Read", description: "List task console log messages." },
  {
    name: "Taskurai.Log.TaskCorrelation.Console.Read",
    description: "List task correlation console log messages.",
  },
  { name: "Taskurai.Log.Command.Console.Read", description: "List command console log messages." },
  { name: "Taskurai.Log.Worker.Console.Read", description: "List worker console log messages." },
  { name: "Taskurai.Log.Worker.System.Read", description: "List worker system log messages." },
  {
    name: "Taskurai.Log.ContainerImage.Console.Read",
    description: "List container image console log messages.",
  },
];

/** Wildcard scopes: each grants every concrete scope that starts with its prefix. */
export const WILDCARD_SCOPES: readonly ScopeDefinition[] = [
  { name: "Taskurai.*", description: "All scopes." },
  { name: "Taskurai.Task.*", description: "All task scopes." },
  { name: "Taskurai.Log.*", description: "All log scopes." },
];

/** Every scope name a token may be created with, wildcards first. */
export const ALL_SCOPE_NAMES: readonly string[] = [
  ...WILDCARD_SCOPES.map((scope) => scope.name),
  ...SCOPES.map((scope) => scope.name),
];

const canonicalByLowerCase = new Map(ALL_SCOPE_NAMES.map((name) => [name.toLowerCase(), name]));

/** Returns the canonical casing of a scope name, or undefined when the name is not a known scope. */
export function canonicalScope(name: string): string | undefined {
  return canonicalByLowerCase.get(name.toLowerCase());
}

/** Returns true when a token holding `granted` scopes may act with the concrete scope `required`. */
export function scopeGrants(granted: readonly string[], required: string): boolean {
  const requiredLower = required.toLowerCase();
  return granted.some((scope) => {
    const lower = scope.toLowerCase();
    if (lower.endsWith(".*")) return requiredLower.startsWith(lower.slice(0, -1));
    return lower === requiredLower;
  });
}
