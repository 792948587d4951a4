import { ALL_SCOPE_NAMES, canonicalScope } from "../../../contract/scopes.js";
import { patNameProblem } from "../../../contract/rules.js";
import { UsageError } from "../../errors.js";

/** Collects a repeatable option's values; commas also separate values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((part) => part.trim()).filter((part) => part !== "")];
}

/** Validates `--name` and returns it; `verb` names the command for the missing-flag message. */
export function requireName(name: string | undefined, verb: string): string {
  if (name === undefined) {
    throw new UsageError(`missing required option --name: pass the name of the token to ${verb}, for example 'taskurai pat ${verb} --name mytoken'`);
  }
  return validateName(name);
}

/** Returns `name` when it follows the token naming rule, otherwise throws a usage error. */
export function validateName(name: string): string {
  const problem = patNameProblem(name);
  if (problem !== undefined) throw new UsageError(`invalid --name '${name}': ${problem}`);
  return name;
}

/** Parses `--valid-minutes` as a whole number of at least 1. */
export function parseValidMinutes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const minutes = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(minutes) || minutes < 1) {
    throw new UsageError(`invalid --valid-minutes '${value}': expected a whole number of minutes, at least 1 (43200 is 30 days)`);
  }
  return minutes;
}

/** Canonicalises scope names, rejecting unknown ones with a suggestion for near misses. */
export function parseScopes(values: string[]): string[] {
  const scopes: string[] = [];
  for (const value of values) {
    const canonical = canonicalScope(value);
    if (canonical === undefined) throw new UsageError(unknownScopeMessage(value));
    if (!scopes.includes(canonical)) scopes.push(canonical);
  }
  return scopes;
}

function unknownScopeMessage(value: string): string {
  const suggestion = closestScope(value);
  const hint = suggestion
    ? `did you mean '${suggestion}'?`
    : `valid scopes include Taskurai.*, Taskurai.Task.* and Taskurai.Log.*; run 'taskurai pat create --help' for the full list`;
  return `unknown scope '${value}'; ${hint}`;
}

function closestScope(value: string): string | undefined {
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of ALL_SCOPE_NAMES) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  const allowed = Math.max(2, Math.floor(value.length / 5));
  return bestDistance <= allowed ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** Help text listing every scope, for `--help` of commands that take `--scopes`. */
export function scopesHelp(): string {
  return `\nScopes (repeat --scopes or separate with commas; case-insensitive):\n${ALL_SCOPE_NAMES.map((name) => `  ${name}`).join("\n")}\n`;
}
