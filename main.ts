/**
 * cdktf app entry (`npx cdktf synth` runs it through cdktf.json, compiled to
 * dist/main.mjs): `bulkhead synth` into the folder cdktf names, so both write the same
 * bytes and keep what synth did not write. `BULKHEAD_SPECS` may name spec files,
 * separated by commas.
 */
import { processIo, runCli } from "./cli/main.js";

const named = process.env.BULKHEAD_SPECS?.split(",").map((s) => s.trim()).filter(Boolean) ?? [];
process.exitCode = await runCli(["synth", ...named, "--out", process.env.CDKTF_OUTDIR ?? "cdktf.out"], processIo);
