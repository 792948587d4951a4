import type { Command } from "commander";

import { EntraCredential } from "../../auth/entra-credential.js";
import { readClaims } from "../../auth/claims.js";
import { enablePersistentCache } from "../../auth/plugins.js";
import type { CommandContext } from "../../context.js";
import { EXIT_CODES } from "../../exit-codes.js";
import type { CommandResult } from "../../output/render.js";
import { relativeTime, shortTimestamp } from "../../output/time.js";
import { resolveAudience } from "../../settings.js";
import type { CommandRunner } from "../pat/index.js";

/** Report of `auth status`. It never contains the token itself. */
export interface AuthStatus {
  /** Credential that produced the token, such as `azure-cli`. */
  credential: string;
  /** True when the token came from the CLI's token cache instead of the credential. */
  fromCache: boolean;
  identity: string | null;
  objectId: string | null;
  tenant: string | null;
  audience: string | null;
  /** ISO 8601 expiry of the token, or null when the credential does not report one. */
  expiresOn: string | null;
  /** File of the CLI's access-token cache, or null when this credential does not use it. */
  tokenCache: string | null;
  /** Cache of the refresh tokens of browser and device code sign-ins, or null when they are not in use. */
  signInCache: string | null;
  /** File of the saved authentication record, or null when none is saved. */
  authRecord: string | null;
}

/** Gets a token the way every command does and describes it from its claims. */
export async function runStatus(context: CommandContext): Promise<CommandResult> {
  const credential = context.credential();
  const token = await credential.getToken();
  const claims = readClaims(token.token);
  const expiresOnTimestamp = token.expiresOnTimestamp ?? (claims?.exp !== undefined ? claims.exp * 1000 : undefined);

  const status: AuthStatus = {
    credential: token.credential ?? credential.name,
    fromCache: token.fromCache === true,
    identity: claims?.identity ?? null,
    objectId: claims?.oid ?? null,
    tenant: claims?.tid ?? null,
    audience: claims?.aud ?? null,
    expiresOn: expiresOnTimestamp !== undefined ? new Date(expiresOnTimestamp).toISOString() : null,
    tokenCache: null,
    signInCache: null,
    authRecord: null,
  };

  if (credential instanceof EntraCredential) {
    const identity = await import("@azure/identity");
    status.tokenCache = credential.cache.file;
    if (credential.steps().some((step) => step.interactive)) {
      status.signInCache = (await enablePersistentCache(identity)).description;
    }
    status.authRecord = credential.records.load(identity) !== undefined ? credential.records.file : null;
  }

  const problems = tokenProblems(status, resolveAudience(context.layers).value, context.now());
  return {
    data: status,
    human: async () => statusText(status, context.now()),
    errors: problems.map((problem) => `taskurai: ${problem}`),
    exitCode: problems.length > 0 ? EXIT_CODES.auth : undefined,
  };
}

/** Lists why the API would reject the token, as far as its claims show. */
function tokenProblems(status: AuthStatus, requestedAudience: string, now: Date): string[] {
  const problems: string[] = [];
  if (status.expiresOn !== null && Date.parse(status.expiresOn) <= now.getTime()) {
    problems.push(`the token from ${status.credential} expired at ${status.expiresOn}; sign in again with that tool`);
  }
  if (status.audience !== null && !status.audience.split(",").includes(requestedAudience)) {
    problems.push(
      `the token's audience '${status.audience}' is not the requested '${requestedAudience}', so the Taskurai API will reject it; check --audience and the credential's configuration`,
    );
  }
  return problems;
}

function statusText(status: AuthStatus, now: Date): string {
  const expiry = status.expiresOn === null ? "unknown" : `${shortTimestamp(status.expiresOn)} (${relativeTime(status.expiresOn, now)})`;
  const rows: Array<[string, string]> = [
    ["identity", status.identity ?? "unknown"],
    ["object id", status.objectId ?? "unknown"],
    ["tenant", status.tenant ?? "unknown"],
    ["audience", status.audience ?? "unknown"],
    ["expires", expiry],
    ["token cache", status.tokenCache ?? "not used"],
  ];
  if (status.signInCache !== null) rows.push(["sign-in cache", status.signInCache]);
  rows.push(["auth record", status.authRecord ?? "none saved"]);

  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  const heading = `Signed in with ${status.credential}${status.fromCache ? " (token from the cache)" : ""}`;
  return [heading, ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(width + 1)}${value}`)].join("\n");
}

export function registerStatus(auth: Command, run: CommandRunner): void {
  auth
    .command("status")
    .description("Sign in if needed and show the credential, identity, tenant and token expiry")
    .addHelpText(
      "after",
      `
Examples:
  taskurai auth status
  taskurai auth status --output json
`,
    )
    .action(async () => run((context) => runStatus(context)));
}
