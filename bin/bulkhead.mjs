#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on the fly so there is no build step to forget.
import { register } from "tsx/esm/api";

register();
// `bulkhead schema | head` closing the pipe early is not an error.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});
const { runCli, processIo } = await import("../cli/main.ts");
process.exitCode = runCli(process.argv.slice(2), processIo);
