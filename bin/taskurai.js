#!/usr/bin/env node
import { main } from "../dist/cli/main.js";

main(process.argv).then((code) => {
  process.exitCode = code;
  // A sign-in step that timed out can leave its tool (such as pwsh) running, which would keep
  // this process alive. The unreferenced timer then ends it, and it never delays a clean exit.
  setTimeout(() => process.exit(code), 1000).unref();
});
