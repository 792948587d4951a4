import { CancelledError, UsageError } from "../errors.js";
import type { Io } from "../io.js";

/** One entry of a multi-select list. */
export interface PromptChoice<T> {
  value: T;
  /** The line shown for the entry. */
  name: string;
  /** Text shown under the list while the cursor is on the entry. */
  description?: string;
  /** Text shown for the entry in the answer line once the prompt is done; `name` when absent. */
  short?: string;
  checked?: boolean;
}

/** Interactive questions on the terminal; every prompt renders on stderr so stdout keeps only the result. */
export interface Prompter {
  /** Asks for several entries of a list; returns the values of the checked entries. */
  checkbox<T>(message: string, choices: PromptChoice<T>[], options?: { required?: boolean }): Promise<T[]>;
  /** Asks a yes/no question. */
  confirm(message: string, defaultAnswer: boolean): Promise<boolean>;
  /** Asks for a line of text; `problem` returns why a value is rejected, or undefined to accept it. */
  input(message: string, problem?: (value: string) => string | undefined): Promise<string>;
}

/**
 * Throws a usage error with `message` (which names the flag to pass) when the terminal cannot
 * prompt, so that scripts fail fast instead of waiting for input that never comes.
 */
export function requirePrompt(io: Io, message: string): void {
  if (io.canPrompt) return;
  // A person at a terminal who redirected stdout, or runs with CI set, would otherwise not see why
  // no prompt appeared.
  const reason = io.stdin.isTTY === true ? " (no prompt is shown because stdout is not a terminal or CI is set)" : "";
  throw new UsageError(`${message}${reason}`);
}

function isPromptExit(error: unknown): boolean {
  return error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError");
}

async function guarded<T>(prompt: () => Promise<T>): Promise<T> {
  try {
    return await prompt();
  } catch (error) {
    if (isPromptExit(error)) throw new CancelledError("cancelled at the prompt; nothing was changed", { cause: error });
    throw error;
  }
}

/** Builds a prompter on `io`; the prompt library is loaded on the first question only. */
export function createPrompter(io: Io): Prompter {
  const context = { input: io.stdin, output: io.stderr };
  const load = () => import("@inquirer/prompts");

  return {
    checkbox: async <T>(message: string, choices: PromptChoice<T>[], options: { required?: boolean } = {}) => {
      const { checkbox } = await load();
      return guarded(() =>
        checkbox<T>(
          { message, choices, required: options.required ?? false, pageSize: Math.min(Math.max(choices.length, 7), 15), loop: false },
          context,
        ),
      );
    },
    confirm: async (message, defaultAnswer) => {
      const { confirm } = await load();
      return guarded(() => confirm({ message, default: defaultAnswer }, context));
    },
    input: async (message, problem) => {
      const { input } = await load();
      return guarded(() => input({ message, validate: (value: string) => problem?.(value.trim()) ?? true }, context)).then((value) => value.trim());
    },
  };
}
