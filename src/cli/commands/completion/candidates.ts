import type { Command, Option } from "commander";

import { ALL_SCOPE_NAMES } from "../../../contract/scopes.js";
import { OUTPUT_FORMATS } from "../../settings.js";
import { SORT_KEYS } from "../pat/filters.js";
import { SHELLS } from "./scripts.js";

/** Candidates for the word being completed: fixed words, or the names of existing tokens. */
export type Completion = { kind: "words"; words: readonly string[] } | { kind: "token-names" };

/** Commands whose `--name` refers to an existing token, so its names are offered. */
const EXISTING_NAME_COMMANDS = new Set(["show", "update", "delete"]);

const VALUE_WORDS: Record<string, readonly string[]> = {
  output: OUTPUT_FORMATS,
  scopes: ALL_SCOPE_NAMES,
  sort: SORT_KEYS,
};

function findOption(command: Command, word: string): Option | undefined {
  for (let current: Command | null = command; current !== null; current = current.parent) {
    const option = current.options.find((candidate) => candidate.long === word || candidate.short === word);
    if (option !== undefined) return option;
  }
  return undefined;
}

function optionNames(program: Command, command: Command): string[] {
  const help = program.createHelp();
  const options = [...help.visibleOptions(command), ...help.visibleGlobalOptions(command)];
  return options.map((option) => option.long ?? option.short ?? "").filter((name) => name !== "");
}

/**
 * Works out what can follow `words` (the words typed after the program name, before the one being
 * completed): an option's values, the option names of the command, or its subcommands.
 */
export function completionFor(program: Command, words: string[], current: string): Completion {
  let command = program;
  let pending: Option | undefined;

  for (const word of words) {
    if (pending !== undefined) {
      pending = undefined;
      continue;
    }
    if (word.startsWith("-")) {
      const option = word.includes("=") ? undefined : findOption(command, word);
      if (option !== undefined && (option.required || option.optional)) pending = option;
      continue;
    }
    const sub = command.commands.find((candidate) => candidate.name() === word || candidate.aliases().includes(word));
    if (sub !== undefined) command = sub;
  }

  if (pending !== undefined) return valueCompletion(command, pending);
  if (command.name() === "completion") return { kind: "words", words: SHELLS };

  const subcommands = program.createHelp().visibleCommands(command).map((sub) => sub.name());
  if (current.startsWith("-") || subcommands.length === 0) return { kind: "words", words: optionNames(program, command) };
  return { kind: "words", words: subcommands };
}

function valueCompletion(command: Command, option: Option): Completion {
  const key = option.attributeName();
  if (key === "name" && EXISTING_NAME_COMMANDS.has(command.name())) return { kind: "token-names" };
  return { kind: "words", words: VALUE_WORDS[key] ?? [] };
}

/** Keeps the candidates that start with what has been typed. */
export function matching(words: readonly string[], current: string): string[] {
  return words.filter((word) => word.startsWith(current));
}
