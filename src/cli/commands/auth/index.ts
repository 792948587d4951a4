import type { Command } from "commander";

import type { CommandRunner } from "../pat/index.js";
import { registerLogout } from "./logout.js";
import { registerStatus } from "./status.js";

/** Adds the `auth` command group: sign-in status and logout. */
export function registerAuth(program: Command, run: CommandRunner): void {
  const auth = program
    .command("auth")
    .description("Show or clear the Microsoft Entra ID sign-in the CLI uses")
    .addHelpText(
      "after",
      `
Examples:
  taskurai auth status
  taskurai auth status --auth azure-cli --tenant contoso.onmicrosoft.com
  taskurai auth logout
`,
    );

  registerStatus(auth, run);
  registerLogout(auth, run);
}
