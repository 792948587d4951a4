/** Credentials `--auth` can select, in the order the README lists them. */
export const AUTH_NAMES = [
  "vscode",
  "azure-cli",
  "azure-powershell",
  "browser",
  "device-code",
  "environment",
  "workload-identity",
  "managed-identity",
  "access-token",
] as const;

/** Name of one credential, as `--auth` and messages spell it. */
export type AuthName = (typeof AUTH_NAMES)[number];

/** Returns true when `value` names a credential. */
export function isAuthName(value: string): value is AuthName {
  return (AUTH_NAMES as readonly string[]).includes(value);
}
