/**
 * `npm run bench`: bulkhead's compiled CLI against the strongest honest baseline, both
 * measured in this run and printed as ratios (so the figures hold on any machine), with
 * the targets marked PASS or MISS; then what loading the AWS provider costs, and
 * the shard-assignment bench. A case that cannot be measured (a program fails, or the two
 * sides stop emitting the same resources) is reported and the others still run; the bench
 * then exits 1, since some figures are missing. Otherwise it exits 2 when a target is
 * missed (every figure is sound, one is too slow), and 0 when all pass.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ASSIGN_LABEL, measureAssign, measureHelp } from "./cli-commands.js";
import { buildCli, compileBenchPrograms, type CompiledPrograms } from "./measure/compile-programs.js";
import { interleave } from "./measure/interleave.js";
import { median, ProgramFailed, type Sample } from "./measure/run-program.js";
import { NotComparable } from "./not-comparable.js";
import { printReport, type Measurements, type SynthCase } from "./report.js";
import { faultTargets, formatFaultBench, runFaultBench } from "./fault-run.js";
import { formatDeferralBench, percentile, runDeferralBench } from "./priority-deferral.js";
import { runAssignmentBenchIfPresent } from "./run-assignment-bench.js";
import { exampleCase, fanoutCase, sixtyFourShardCase, type BenchCase } from "./specs.js";
import { measureCase } from "./synth-case.js";
import { pairedRatios } from "./measure/paired.js";
import { formatTargets, pairedRatioTarget, ratioTarget, timeTarget, type Target } from "./targets.js";

const RUNS = { synth: 7, check: 5, help: 11, assign: 5, references: 3 };
const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLE_SPEC = "services/orders/service.yaml";

/** What could not be measured, and why; each also printed as it happens. */
const failures: string[] = [];

async function attempt<T>(what: string, measure: () => Promise<T>): Promise<T | undefined> {
  try {
    return await measure();
  } catch (err) {
    if (!(err instanceof ProgramFailed || err instanceof NotComparable)) throw err;
    failures.push(`${what}: ${err.message}`);
    process.stderr.write(`${what}: not measured: ${err.message}\n`);
    return undefined;
  }
}

async function measureAll(scratch: string): Promise<Omit<Measurements, "loads" | "failures">> {
  process.stderr.write("building the CLI (node scripts/build.mjs) and compiling the baseline\n");
  const cli = buildCli(scratch);
  const compiled = await compileBenchPrograms(scratch);
  const programs = { cli, baseline: compiled.baseline };
  const root = (name: string) => {
    const dir = join(scratch, name);
    mkdirSync(dir);
    return dir;
  };
  const synthCase = async (name: string, make: () => BenchCase): Promise<SynthCase> => ({
    name,
    result: await attempt(`synth ${name}`, () => measureCase(make(), programs, scratch, RUNS.synth)),
  });
  const cases = [
    await synthCase("example", () => exampleCase(REPO_ROOT)),
    await synthCase("200 subscribers", () => fanoutCase(root("fanout-200"), 200)),
    await synthCase("64 shards", () => sixtyFourShardCase(root("sixty-four-shards"), cli)),
  ];
  // Both bulkhead, so no baseline is needed: the example's check against its synth.
  const checkVsSynth = await attempt("check vs synth", () =>
    interleave(
      "bulkhead check vs synth (example)",
      {
        check: { program: () => ({ args: [cli, "check", EXAMPLE_SPEC], cwd: REPO_ROOT }) },
        // A fresh output folder each run, as in the synth rows: merging into an earlier output is other work.
        synth: {
          program: (run) => ({ args: [cli, "synth", EXAMPLE_SPEC, "--out", join(scratch, `check-vs-synth-${run}`)], cwd: REPO_ROOT }),
          after: (run) => rmSync(join(scratch, `check-vs-synth-${run}`), { recursive: true, force: true }),
        },
      },
      RUNS.check,
      scratch,
    ),
  );
  const help = await attempt("--help", () => measureHelp(cli, scratch, RUNS.help));
  const assign = await attempt("shards assign", () => measureAssign(cli, root("assign-10k"), scratch, RUNS.assign));
  const references = await attempt("references", () => measureReferences(compiled, scratch));
  return { cases, checkVsSynth, help, assign, references };
}

async function measureReferences(programs: CompiledPrograms, scratch: string) {
  const run = (script: string) => ({ program: () => ({ args: [script] }) });
  return interleave(
    "references",
    { empty: run(programs.empty), deep: run(programs.importProviderDeep), root: run(programs.importProviderRoot) },
    RUNS.references,
    scratch,
  );
}

function targets(m: Measurements): Target[] {
  const t = (samples: readonly Sample[] | undefined) => (samples ? median(samples.map((s) => s.ms)) : undefined);
  const synth = (i: number, what: string) => {
    const samples = m.cases[i]!.result?.samples;
    return pairedRatioTarget(`synth / baseline: ${what}`, 1.1, samples && pairedRatios(samples.bulkhead!, samples.baseline!));
  };
  return [
    ratioTarget("bulkhead --help / node -e 0", 3, t(m.help?.help), t(m.help?.node)),
    ratioTarget("bulkhead check / bulkhead synth (example)", 0.6, t(m.checkVsSynth?.check), t(m.checkVsSynth?.synth)),
    synth(0, "example"),
    synth(1, "200 subscribers, distinct handlers"),
    synth(2, "64 shards x 1,000 tenants"),
    timeTarget(ASSIGN_LABEL, 1500, t(m.assign)),
  ];
}

async function main(): Promise<number> {
  const loads = [loadavg()[0]!];
  const loadSampler = setInterval(() => loads.push(loadavg()[0]!), 5_000);
  const scratch = mkdtempSync(join(tmpdir(), "bulkhead-bench-"));
  let measured: Measurements;
  try {
    measured = { ...(await measureAll(scratch)), loads, failures };
  } catch (err) {
    if (!(err instanceof ProgramFailed)) throw err;
    console.error(`bench failed: ${err.message}`);
    return 1;
  } finally {
    clearInterval(loadSampler);
    loads.push(loadavg()[0]!);
    rmSync(scratch, { recursive: true, force: true });
  }
  const results = targets(measured);
  printReport(measured, results);
  try {
    await runAssignmentBenchIfPresent();
  } catch (err) {
    console.error(`assignment bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
  const deferral = await attempt("priority deferral", () => runDeferralBench());
  if (deferral) {
    console.log(`\n${formatDeferralBench(deferral).join("\n")}`);
    // At least 5x lower with deferral on: on / off at most 0.2.
    results.push(ratioTarget("fresh work's p99 age, deferral on / off", 0.2, percentile(deferral.on.freshAgesMs, 99), percentile(deferral.off.freshAgesMs, 99)));
  }
  const faults = await attempt("fault run", () => runFaultBench());
  if (faults) {
    const targets = faultTargets(faults);
    console.log(`\n${formatFaultBench(faults).join("\n")}\n\n${formatTargets(targets)}`);
    results.push(...targets);
  }
  const missed = results.filter((r) => r.result === "MISS");
  if (failures.length > 0) {
    console.log(`\nNOT MEASURED (exit code 1):\n  ${failures.join("\n  ").split("\n").join("\n  ")}`);
    return 1;
  }
  if (missed.length === 0) return 0;
  console.log(`\n${missed.length} of ${results.length} targets MISSED (exit code 2): ${missed.map((r) => r.what).join("; ")}`);
  return 2;
}

process.exitCode = await main();
