import type { PatWithToken } from "../../../contract/schemas.js";
import type { CommandContext } from "../../context.js";
import type { CommandResult } from "../../output/render.js";
import { patDetails } from "../../output/tables.js";

/** Result of create and update: the metadata, the value on its own line, and the one-time notice. */
export function tokenResult(context: CommandContext, pat: PatWithToken): CommandResult {
  return {
    data: pat,
    human: async () => patDetails(pat, context.now()),
    notices: ["Copy the token now: it will not be shown again."],
  };
}
