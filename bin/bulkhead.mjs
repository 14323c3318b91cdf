#!/usr/bin/env node
// The compiled CLI: `npm ci` builds dist/ (the `prepare` script); nothing compiles at run time.
import { existsSync } from "node:fs";

const compiled = new URL("../dist/bulkhead.mjs", import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write("bulkhead: the CLI is not built yet; run `npm ci` (or `npm run build`) in the project first\n");
  process.exit(1);
}
// `bulkhead schema | head` closing the pipe early is not an error.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});
const { runCli, processIo } = await import(compiled.href);
process.exitCode = await runCli(process.argv.slice(2), processIo);
