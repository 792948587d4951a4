import type { Command } from "commander";

import type { CommandContext } from "../../context.js";
import type { CommandResult } from "../../output/render.js";
import { patListTable } from "../../output/tables.js";
import { filterPats, parseExpiringWithin, parseSortKey, sortPats, SORT_KEYS, type PatFilter, type SortKey } from "./filters.js";
import type { CommandRunner } from "./index.js";

export interface ListOptions {
  sort: SortKey;
  filter: PatFilter;
}

/** Validates the raw flags of `pat list`. */
export function parseListOptions(raw: { sort?: string; expired?: boolean; expiringWithin?: string }): ListOptions {
  return {
    sort: parseSortKey(raw.sort),
    filter: { expired: raw.expired === true, expiringWithinMs: parseExpiringWithin(raw.expiringWithin) },
  };
}

/** Lists the signed-in user's tokens, filtered and sorted by `options`. */
export async function runList(context: CommandContext, options: ListOptions): Promise<CommandResult> {
  const client = await context.client();
  const now = context.now();
  const pats = sortPats(filterPats(await client.listPats(), options.filter, now), options.sort);
  const filtered = options.filter.expired || options.filter.expiringWithinMs !== undefined;

  return {
    data: pats,
    human: async (colors) => patListTable(pats, now, colors, filtered ? "No tokens match the filter." : undefined),
  };
}

export function registerList(pat: Command, run: CommandRunner): void {
  pat
    .command("list")
    .description("List your personal access tokens, sorted by name")
    .option("--sort <key>", `sort order: ${SORT_KEYS.join(" or ")} (soonest expiry first)`)
    .option("--expired", "show only tokens that have expired")
    .option("--expiring-within <duration>", "show only tokens, not yet expired, that expire within this time: 30m, 12h, 7d, 2w")
    .addHelpText(
      "after",
      `
Status is "active", "expires soon" (within 7 days) or "expired". With both --expired and
--expiring-within, tokens matching either are listed.

Examples:
  taskurai pat list
  taskurai pat list --sort expires
  taskurai pat list --expiring-within 7d
  taskurai pat list --expired --query "[].name" --output tsv
  taskurai pat list --query "[?contains(scopes, 'Taskurai.*')].{name: name, expires: expiresAt}" --output table
`,
    )
    .action(async (raw) => run((context) => runList(context, parseListOptions(raw))));
}
