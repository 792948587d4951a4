import type { Command, Option } from "commander";

import { ALL_SCOPE_NAMES } from "../../../contract/scopes.js";
import { AUTH_NAMES } from "../../auth/names.js";
import { CONFIG_KEYS } from "../../config/keys.js";
import { OUTPUT_FORMATS } from "../../settings.js";
import { SORT_KEYS } from "../pat/filters.js";
import { SHELLS } from "./scripts.js";

/**
 * Origin of the candidates: fixed words (scope names match in any casing), the names of existing
 * tokens, the profiles of the configuration file, or the shell's own file completion.
 */
export type Source =
  | { kind: "words"; words: readonly string[]; ignoreCase?: boolean }
  | { kind: "token-names" }
  | { kind: "profile-names" }
  | { kind: "files" };

/**
 * Request for candidates: their source, the part of the current word they must start with, and
 * the text before that part, which every printed candidate repeats (`--output=` of `--output=j`,
 * or the earlier scopes of `Taskurai.Task.Read,Taskurai.L`).
 */
export interface Completion {
  source: Source;
  typed: string;
  prefix: string;
}

/** Commands whose `--name` refers to an existing token, so its names are offered. */
const EXISTING_NAME_COMMANDS = new Set(["show", "update", "delete"]);

/** `config` verbs whose first argument is a configuration key. */
const CONFIG_KEY_COMMANDS = new Set(["set", "get", "unset"]);

const VALUE_WORDS: Record<string, readonly string[]> = {
  auth: AUTH_NAMES,
  output: OUTPUT_FORMATS,
  sort: SORT_KEYS,
};

/** Values `config set KEY` accepts, for the keys with a fixed set. */
const CONFIG_VALUE_WORDS: Record<string, readonly string[]> = {
  auth: AUTH_NAMES,
  output: OUTPUT_FORMATS,
};

const NOTHING: Source = { kind: "words", words: [] };

function findOption(command: Command, word: string): Option | undefined {
  for (let current: Command | null = command; current !== null; current = current.parent) {
    const option = current.options.find((candidate) => candidate.long === word || candidate.short === word);
    if (option !== undefined) return option;
  }
  return undefined;
}

function takesValue(option: Option | undefined): option is Option {
  return option !== undefined && (option.required || option.optional);
}

function optionNames(program: Command, command: Command): string[] {
  const help = program.createHelp();
  const options = [...help.visibleOptions(command), ...help.visibleGlobalOptions(command)];
  return options.map((option) => option.long ?? option.short ?? "").filter((name) => name !== "");
}

/**
 * Works out what can follow `words` (the words typed after the program name, before the one being
 * completed): an option's values, a configuration key, the option names of the command, or its
 * subcommands. bash splits `--output=j` into `--output`, `=` and `j`, while other shells pass it whole.
 */
export function completionFor(program: Command, words: string[], current: string): Completion {
  let command = program;
  let pending: Option | undefined;
  let positionals: string[] = [];

  for (const word of words) {
    if (pending !== undefined) {
      if (word !== "=") pending = undefined;
      continue;
    }
    if (word.startsWith("-")) {
      const option = word.includes("=") ? undefined : findOption(command, word);
      if (takesValue(option)) pending = option;
      continue;
    }
    const sub = command.commands.find((candidate) => candidate.name() === word || candidate.aliases().includes(word));
    if (sub !== undefined) {
      command = sub;
      positionals = [];
    } else if (word !== "=") {
      positionals.push(word);
    }
  }

  if (pending !== undefined) return valueCompletion(command, pending, current === "=" ? "" : current);

  const assignment = /^(--?[^=]+=)(.*)$/.exec(current);
  if (assignment !== null) {
    const [, flag = "", value = ""] = assignment;
    const option = findOption(command, flag.slice(0, -1));
    if (!takesValue(option)) return { source: NOTHING, typed: current, prefix: "" };
    const completion = valueCompletion(command, option, value);
    return { ...completion, prefix: flag + completion.prefix };
  }

  const argumentWords = positionalWords(command, positionals);
  if (argumentWords !== undefined && !current.startsWith("-")) {
    return { source: { kind: "words", words: argumentWords }, typed: current, prefix: "" };
  }

  const subcommands = program.createHelp().visibleCommands(command).map((sub) => sub.name());
  if (current.startsWith("-") || subcommands.length === 0) {
    return { source: { kind: "words", words: optionNames(program, command) }, typed: current, prefix: "" };
  }
  return { source: { kind: "words", words: subcommands }, typed: current, prefix: "" };
}

/** Candidates for a command's next argument, or undefined when the command takes no such argument. */
function positionalWords(command: Command, positionals: string[]): readonly string[] | undefined {
  if (command.name() === "completion") return positionals.length === 0 ? SHELLS : undefined;
  if (command.parent?.name() !== "config" || !CONFIG_KEY_COMMANDS.has(command.name())) return undefined;
  if (positionals.length === 0) return CONFIG_KEYS;
  if (positionals.length === 1 && command.name() === "set") return CONFIG_VALUE_WORDS[positionals[0] ?? ""] ?? [];
  return undefined;
}

function valueCompletion(command: Command, option: Option, value: string): Completion {
  const key = option.attributeName();
  if (key === "name" && EXISTING_NAME_COMMANDS.has(command.name())) return { source: { kind: "token-names" }, typed: value, prefix: "" };
  if (key === "profile") return { source: { kind: "profile-names" }, typed: value, prefix: "" };
  if (key === "tokenFile") return { source: { kind: "files" }, typed: value, prefix: "" };
  if (key === "scopes") {
    // The CLI splits --scopes at commas, so only the part after the last comma is completed.
    const comma = value.lastIndexOf(",");
    return {
      source: { kind: "words", words: ALL_SCOPE_NAMES, ignoreCase: true },
      typed: value.slice(comma + 1),
      prefix: value.slice(0, comma + 1),
    };
  }
  return { source: { kind: "words", words: VALUE_WORDS[key] ?? [] }, typed: value, prefix: "" };
}

/** Keeps the candidates that start with `typed`, in any casing when `ignoreCase` is set. */
export function matching(words: readonly string[], typed: string, ignoreCase = false): string[] {
  if (!ignoreCase) return words.filter((word) => word.startsWith(typed));
  const lower = typed.toLowerCase();
  return words.filter((word) => word.toLowerCase().startsWith(lower));
}
