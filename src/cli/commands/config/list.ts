import type { Command } from "commander";

import type { CommandContext } from "../../context.js";
import { CONFIG_KEYS } from "../../config/keys.js";
import type { CommandResult } from "../../output/render.js";
import type { ProfileValues } from "../../settings.js";
import type { CommandRunner } from "../pat/index.js";
import { effectiveSetting, type EffectiveSetting } from "./effective.js";
import { requireSelectedProfile } from "./options.js";

/** Result of `config list`: the settings in effect with their origin, and every saved profile. */
export interface ConfigListing {
  file: string;
  profile: { name: string; source: "flag" | "environment" | "default" };
  settings: (EffectiveSetting | { key: string; value: null; source: null; origin: null })[];
  profiles: { name: string; active: boolean; values: ProfileValues }[];
}

/** Lists the settings of this invocation with where each came from, then the values of every profile. */
export async function runConfigList(context: CommandContext): Promise<CommandResult> {
  requireSelectedProfile(context);
  const active = context.activeProfile();
  const { document, path } = active.config;

  const listing: ConfigListing = {
    file: path,
    profile: { name: active.name, source: active.source },
    settings: CONFIG_KEYS.map((key) => effectiveSetting(context, key) ?? { key, value: null, source: null, origin: null }),
    profiles: document.profiles().map((name) => ({ name, active: name === active.name, values: document.values(name) ?? {} })),
  };
  return { data: listing, human: async () => listingText(listing) };
}

const PROFILE_ORIGIN = {
  flag: "from --profile",
  environment: "from TASKURAI_PROFILE",
  default: "neither --profile nor TASKURAI_PROFILE is set",
} as const;

function listingText(listing: ConfigListing): string {
  const lines = [`Profile: ${listing.profile.name} (${PROFILE_ORIGIN[listing.profile.source]})`, `File: ${listing.file}`, ""];

  lines.push(...columns([["KEY", "VALUE", "SOURCE"], ...listing.settings.map((s) => [s.key, s.value ?? "-", s.origin ?? "not set"])]));

  const profileRows = listing.profiles.flatMap((profile) =>
    Object.entries(profile.values).map(([key, value]) => [`${profile.active ? "* " : "  "}${profile.name}`, key, value]),
  );
  lines.push("");
  if (profileRows.length === 0) lines.push("No saved profiles. Save one with: taskurai config set endpoint URL [--profile NAME]");
  else lines.push(...columns([["  PROFILE", "KEY", "VALUE"], ...profileRows]));
  return lines.join("\n");
}

/** Pads each cell to its column's width, two spaces apart. */
function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "));
}

export function registerConfigList(config: Command, run: CommandRunner): void {
  config
    .command("list")
    .description("Show the settings in effect and where each comes from, and every saved profile")
    .addHelpText(
      "after",
      `
Examples:
  taskurai config list
  TASKURAI_PROFILE=local taskurai config list --output json
`,
    )
    .action(async () => run((context) => runConfigList(context)));
}
