#!/usr/bin/env node
import { main } from "../dist/cli/main.js";

main(process.argv).then((code) => {
  process.exitCode = code;
  // A sign-in step that timed out can leave its tool (such as pwsh) running, which would keep
  // this process alive; the unreferenced timer ends it then and never delays a clean exit.
  setTimeout(() => process.exit(code), 1000).unref();
});
