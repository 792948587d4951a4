#!/usr/bin/env node
import { main } from "../dist/emulator/main.js";

main(process.argv).then((code) => {
  if (code !== undefined) process.exitCode = code;
});
