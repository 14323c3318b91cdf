/**
 * The bulkhead side: `bulkhead synth SPEC... --out OUT_DIR` through the CLI's own entry
 * (runCli), with PROJECT_ROOT as its working folder. bin/bulkhead.mjs only adds tsx's
 * loader, which every measured program gets from `node --import tsx` instead.
 * Usage: bulkhead-synth.ts PROJECT_ROOT OUT_DIR SPEC...
 */
import { runCli } from "../../cli/main.js";

const [projectRoot, outDir, ...specs] = process.argv.slice(2);
if (!projectRoot || !outDir || specs.length === 0) throw new Error("usage: bulkhead-synth.ts PROJECT_ROOT OUT_DIR SPEC...");
process.exitCode = runCli(["synth", ...specs, "--out", outDir], {
  cwd: projectRoot,
  out: () => {},
  err: (line) => process.stderr.write(`${line}\n`),
});
