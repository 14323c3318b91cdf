/**
 * Preloaded into every measured program (`--import`): at exit, writes the process's
 * peak resident set size in KiB to the file named by BENCH_PEAK_RSS_FILE. Only this
 * Node process counts; esbuild's helper process (used by tsx and by both sides'
 * bundling) is not included on either side.
 */
import { writeFileSync } from "node:fs";

const reportFile = process.env.BENCH_PEAK_RSS_FILE;
if (reportFile) process.on("exit", () => writeFileSync(reportFile, String(process.resourceUsage().maxRSS)));
