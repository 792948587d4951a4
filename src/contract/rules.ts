/**
 * Limits and rules of personal access tokens, free of schema code so that the CLI can check
 * input before it loads the schema library.
 */

/**
 * Token names: 1 to 64 letters, digits, `.`, `_` or `-`, except `.` and `..`, which URL
 * resolution turns into path steps so that no route could address them. Unique per user.
 */
export const PAT_NAME_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,64}$/;
export const PAT_NAME_MAX_LENGTH = 64;

/** Validity, in minutes, when a create request gives none: 30 days. */
export const DEFAULT_VALID_MINUTES = 43200;

/** Default upper bound on validity, in minutes, that the emulator enforces: 365 days. */
export const DEFAULT_MAX_VALID_MINUTES = 525600;

/** Largest page a list request may request, and the size used when it gives none. */
export const MAX_PAGE_SIZE = 100;

/** Returns why `name` is not a valid token name, or undefined when it is valid. */
export function patNameProblem(name: string): string | undefined {
  if (name.length === 0) return "a token name must not be empty";
  if (name.length > PAT_NAME_MAX_LENGTH) {
    return `a token name has at most ${PAT_NAME_MAX_LENGTH} characters, this one has ${name.length}`;
  }
  if (name === "." || name === "..") return "'.' and '..' are not valid token names";
  if (!PAT_NAME_PATTERN.test(name)) return "a token name may contain only letters, digits, '.', '_' and '-'";
  return undefined;
}
