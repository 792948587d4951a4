import type { Pat } from "../../../contract/schemas.js";
import { patStatus, relativeTime, shortTimestamp } from "../../output/time.js";
import type { PromptChoice } from "../../prompts/prompter.js";

const MAX_SCOPES_WIDTH = 40;

function fit(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

/** Builds the lines of the delete picker: name, scopes, status and expiry in aligned columns. */
export function deleteChoices(pats: Pat[], now: Date): PromptChoice<string>[] {
  const nameWidth = Math.max(...pats.map((pat) => pat.name.length));
  const scopesWidth = Math.min(MAX_SCOPES_WIDTH, Math.max(...pats.map((pat) => pat.scopes.join(", ").length)));

  return pats.map((pat) => {
    const scopes = pat.scopes.join(", ");
    const status = patStatus(pat.expiresAt, now);
    const expires = `${status === "expired" ? "expired" : "expires"} ${relativeTime(pat.expiresAt, now)} (${shortTimestamp(pat.expiresAt)})`;
    return {
      value: pat.name,
      name: `${pat.name.padEnd(nameWidth)}  ${fit(scopes, scopesWidth)}  ${status.padEnd(12)}  ${expires}`,
      description: `Scopes: ${scopes}`,
      short: pat.name,
    };
  });
}
