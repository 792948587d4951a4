import type { Pat, PatWithToken } from "../../contract/schemas.js";
import { palette, type Palette } from "./color.js";
import { patStatus, relativeTime, shortTimestamp, type PatStatus } from "./time.js";

async function newTable(head: string[]) {
  const { default: Table } = await import("cli-table3");
  return new Table({
    head,
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
}

function expiresText(pat: Pat, now: Date): string {
  return `${shortTimestamp(pat.expiresAt)} (${relativeTime(pat.expiresAt, now)})`;
}

function lastUsedText(pat: Pat, now: Date): string {
  return pat.lastUsedAt === null ? "never" : `${shortTimestamp(pat.lastUsedAt)} (${relativeTime(pat.lastUsedAt, now)})`;
}

/** Colours a status word: green when active, yellow when it expires soon, red when expired. */
export function statusText(status: PatStatus, colors: Palette): string {
  if (status === "expired") return colors.red(status);
  if (status === "expires soon") return colors.yellow(status);
  return colors.green(status);
}

/** Renders tokens as a table: name, scopes, status, expiry and last use. */
export async function patListTable(pats: Pat[], now: Date, colors: Palette = palette(false), empty?: string): Promise<string> {
  if (pats.length === 0) return empty ?? "No personal access tokens. Create one with: taskurai pat create --name NAME --scopes SCOPE";
  const table = await newTable(["NAME", "SCOPES", "STATUS", "EXPIRES", "LAST USED"]);
  for (const pat of pats) {
    table.push([pat.name, pat.scopes.join("\n"), statusText(patStatus(pat.expiresAt, now), colors), expiresText(pat, now), lastUsedText(pat, now)]);
  }
  return table.toString();
}

function labelled(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
}

/** Renders one token's metadata as name/value lines. */
export function patDetails(pat: Pat, now: Date, colors: Palette = palette(false)): string {
  return labelled([
    ["Name", pat.name],
    ["Scopes", pat.scopes.join(", ")],
    ["Status", statusText(patStatus(pat.expiresAt, now), colors)],
    ["Expires", expiresText(pat, now)],
    ["Created", shortTimestamp(pat.createdAt)],
    ["Updated", shortTimestamp(pat.updatedAt)],
    ["Last used", lastUsedText(pat, now)],
    ["Hint", pat.hint],
  ]).join("\n");
}

/**
 * Renders the summary of a created or updated token: name, scopes and expiry, then the value on
 * a line of its own, or the file it was written to when `tokenFile` is given.
 */
export function tokenSummary(pat: Pat | PatWithToken, now: Date, colors: Palette, tokenFile?: string): string {
  const lines = labelled([
    ["Name", pat.name],
    ["Scopes", pat.scopes.join(", ")],
    ["Expires", expiresText(pat, now)],
  ]);
  if (tokenFile !== undefined) lines.push("", `Token written to ${tokenFile}`);
  else if ("token" in pat) lines.push("", colors.bold(pat.token));
  return lines.join("\n");
}
