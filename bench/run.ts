/**
 * `npm run bench`: synth wall time and peak memory of bulkhead against a hand-written
 * cdktf program that emits the same resources, both measured in this run, printed as
 * ratios (so the figures hold on any machine); then what the AWS provider's imports
 * cost, and the shard-assignment bench when it exists. Exits 1 when a program fails or
 * the two sides stop emitting the same resources.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, ProgramFailed, runProgram, type Program, type Sample } from "./measure/run-program.js";
import { mb, ms, ratio, table } from "./print-table.js";
import { runAssignmentBenchIfPresent } from "./run-assignment-bench.js";
import { attributeDifferences, census, censusDifferences, describeCensus, firstDifferences } from "./same-resources.js";
import { exampleCase, fiftySubscriberCase, sixtyFourShardCase, type BenchCase } from "./specs.js";

const RUNS = 5;
/** Fewer for the reference rows: the provider's root import alone takes seconds a run. */
const REFERENCE_RUNS = 3;
const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

class NotComparable extends Error {}

interface CaseResult {
  readonly label: string;
  readonly bulkhead: readonly Sample[];
  readonly baseline: readonly Sample[];
  readonly sameResources: string;
}

function measureCase(c: BenchCase, scratch: string): CaseResult {
  const caseFile = join(scratch, `${c.slug}.case.json`);
  writeFileSync(caseFile, JSON.stringify(c.service));
  const programs = {
    bulkhead: (out: string): Program => ({ script: here("./programs/bulkhead-synth.ts"), args: [c.projectRoot, out, ...c.specFiles] }),
    baseline: (out: string): Program => ({ script: here("./baseline/handwritten.ts"), args: [caseFile, out] }),
  };
  const outDir = (side: string, run: string) => join(scratch, c.slug, `${side}-${run}`);

  // One untimed run per side first: it fills tsx's compile cache and the file cache,
  // and its output proves both sides emit the same resources.
  process.stderr.write(`${c.label}: checking that both sides emit the same resources\n`);
  runProgram(programs.bulkhead(outDir("bulkhead", "check")), scratch);
  runProgram(programs.baseline(outDir("baseline", "check")), scratch);
  const bulkheadCensus = census(outDir("bulkhead", "check"));
  const baselineCensus = census(outDir("baseline", "check"));
  const differences = [
    ...censusDifferences(bulkheadCensus, baselineCensus, "bulkhead", "baseline"),
    ...attributeDifferences(outDir("bulkhead", "check"), outDir("baseline", "check"), "bulkhead", "baseline"),
  ];
  if (differences.length > 0) {
    throw new NotComparable(`${c.label}: the baseline does not emit what bulkhead emits:\n  ${firstDifferences(differences).join("\n  ")}`);
  }
  const missing = c.mustEmit.filter((key) => [...bulkheadCensus.stacks.values()].some((counts) => !counts.get(key)));
  if (missing.length > 0) throw new NotComparable(`${c.label}: bulkhead no longer emits ${missing.join(", ")} in every stack, which this case exists to measure`);
  const sameResources = `${c.label}: ${describeCensus(bulkheadCensus)} on both sides; cdk.tf.json ${kb(bulkheadCensus.jsonBytes)} vs ${kb(baselineCensus.jsonBytes)}`;

  const samples = { bulkhead: [] as Sample[], baseline: [] as Sample[] };
  for (let run = 0; run < RUNS; run++) {
    process.stderr.write(`${c.label}: run ${run + 1}/${RUNS}\n`);
    // Interleaved, so load from elsewhere on the machine falls on both sides alike.
    for (const side of ["bulkhead", "baseline"] as const) {
      const out = outDir(side, String(run));
      samples[side].push(runProgram(programs[side](out), scratch));
      rmSync(out, { recursive: true, force: true });
    }
  }
  return { label: c.label, ...samples, sameResources };
}

const REFERENCES = [
  { label: "empty program (the floor of every row)", script: "./programs/empty.ts" },
  { label: "deep imports of the 21 resource types + provider used, and cdktf", script: "./programs/import-provider-deep.ts" },
  { label: 'import "@cdktf/provider-aws" (package root)', script: "./programs/import-provider-root.ts" },
];

function measureReferences(scratch: string): string[][] {
  return REFERENCES.map(({ label, script }) => {
    process.stderr.write(`reference: ${label}\n`);
    const samples = Array.from({ length: REFERENCE_RUNS }, () => runProgram({ script: here(script), args: [] }, scratch));
    return [label, ms(median(samples.map((s) => s.ms))), mb(median(samples.map((s) => s.peakMb)))];
  });
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

function report(results: readonly CaseResult[], references: readonly string[][], loadAtStart: number): void {
  const rows = results.map((r) => {
    const [bTime, hTime] = [median(r.bulkhead.map((s) => s.ms)), median(r.baseline.map((s) => s.ms))];
    const [bPeak, hPeak] = [median(r.bulkhead.map((s) => s.peakMb)), median(r.baseline.map((s) => s.peakMb))];
    return [r.label, ms(bTime), ms(hTime), ratio(bTime, hTime), mb(bPeak), mb(hPeak), ratio(bPeak, hPeak)];
  });
  console.log(`\nbulkhead synth vs a hand-written cdktf program emitting the same resources`);
  console.log(`median of ${RUNS} interleaved runs per side, each a fresh \`node --import tsx\`; ratio = bulkhead / baseline`);
  console.log(`machine: ${availableParallelism()} cores, 1-minute load average ${loadAtStart.toFixed(1)} at start\n`);
  console.log(table(["case", "bulkhead ms", "baseline ms", "ratio", "bulkhead MB", "baseline MB", "ratio"], rows));
  console.log(`\nsame resources, attribute for attribute once cdktf's logical ids are masked (checked on an untimed first run of each side):`);
  results.forEach((r) => console.log(`  ${r.sameResources}`));
  console.log(`\nwhat each side does:`);
  console.log(`  bulkhead: the CLI's runCli("synth"): parse + validate the spec, resolve the model, run the guardrails, build the`);
  console.log(`            constructs, cdktf synth, esbuild bundle + zip once per handler, swap the output folder in atomically`);
  console.log(`  baseline: bench/baseline/handwritten.ts: reads the patterns' settings as JSON and the shard assignments from the`);
  console.log(`            lock file, builds the same resources directly (routing table in SSM, or in S3 when over 4 KB);`);
  console.log(`            packaged with bulkhead's own bundleHandler (esbuild + zip) once per handler, cdktf synth`);
  console.log(`  peak MB is the Node process's maxRSS; the esbuild helper process both sides (and tsx) use is not counted`);
  console.log(`\nreference: loading the AWS provider (median of ${REFERENCE_RUNS} runs, fresh \`node --import tsx\` each)\n`);
  console.log(table(["program", "ms", "peak MB"], references));
  console.log("");
}

async function main(): Promise<number> {
  const loadAtStart = loadavg()[0]!;
  const scratch = mkdtempSync(join(tmpdir(), "bulkhead-bench-"));
  try {
    const [fiftyRoot, shardsRoot] = [join(scratch, "fifty-subscribers"), join(scratch, "sixty-four-shards")];
    [fiftyRoot, shardsRoot].forEach((root) => mkdirSync(root));
    const cases = [exampleCase(REPO_ROOT), fiftySubscriberCase(fiftyRoot), sixtyFourShardCase(shardsRoot)];
    const results = cases.map((c) => measureCase(c, scratch));
    report(results, measureReferences(scratch), loadAtStart);
  } catch (err) {
    if (!(err instanceof ProgramFailed || err instanceof NotComparable)) throw err;
    console.error(`bench failed: ${err.message}`);
    return 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  try {
    await runAssignmentBenchIfPresent();
  } catch (err) {
    console.error(`assignment bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
