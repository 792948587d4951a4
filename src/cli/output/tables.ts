import type { Pat, PatWithToken } from "../../contract/schemas.js";
import { patStatus, relativeTime, shortTimestamp } from "./time.js";

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

/** Renders tokens as a table: name, scopes, status, expiry and last use. */
export async function patListTable(pats: Pat[], now: Date): Promise<string> {
  if (pats.length === 0) return "No personal access tokens. Create one with: taskurai pat create --name NAME --scopes SCOPE";
  const table = await newTable(["NAME", "SCOPES", "STATUS", "EXPIRES", "LAST USED"]);
  for (const pat of pats) {
    table.push([pat.name, pat.scopes.join("\n"), patStatus(pat.expiresAt, now), expiresText(pat, now), lastUsedText(pat, now)]);
  }
  return table.toString();
}

/** Renders one token's metadata as name/value lines, with the token value last when present. */
export function patDetails(pat: Pat | PatWithToken, now: Date): string {
  const rows: [string, string][] = [
    ["Name", pat.name],
    ["Scopes", pat.scopes.join(", ")],
    ["Status", patStatus(pat.expiresAt, now)],
    ["Expires", expiresText(pat, now)],
    ["Created", shortTimestamp(pat.createdAt)],
    ["Updated", shortTimestamp(pat.updatedAt)],
    ["Last used", lastUsedText(pat, now)],
    ["Hint", pat.hint],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
  if ("token" in pat) lines.push("", pat.token);
  return lines.join("\n");
}
