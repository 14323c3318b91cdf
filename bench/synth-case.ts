import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { interleave, type Side } from "./measure/interleave.js";
import { runProgram, type Program, type Sample } from "./measure/run-program.js";
import { NotComparable } from "./not-comparable.js";
import { attributeDifferences, census, censusDifferences, describeCensus, firstDifferences } from "./same-resources.js";
import type { BenchCase } from "./specs.js";

/** The two programs compared: the compiled CLI and the compiled baseline, by path. */
export interface SynthPrograms {
  readonly cli: string;
  readonly baseline: string;
}

export interface CaseResult {
  readonly label: string;
  readonly slug: string;
  /** bulkhead and baseline, plus any `alsoTime` sides, by name. */
  readonly samples: Readonly<Record<string, readonly Sample[]>>;
  readonly sameResources: string;
}

/** `bulkhead synth SPEC... --out OUT` in the case's project, as a user runs it. */
export function bulkheadSynth(programs: SynthPrograms, c: BenchCase, out: string): Program {
  return { args: [programs.cli, "synth", ...c.specFiles, "--out", out], cwd: c.projectRoot };
}

/** The baseline reading the case's settings as JSON: `node handwritten.mjs CASE_JSON OUT`. */
export function baselineSynth(programs: SynthPrograms, caseFile: string, out: string): Program {
  return { args: [programs.baseline, caseFile, out], cwd: dirname(programs.baseline) };
}

/** Writes the case's settings where the baseline reads them; returns the file. */
export function writeCaseFile(c: BenchCase, scratch: string): string {
  const caseFile = join(scratch, `${c.slug}.case.json`);
  writeFileSync(caseFile, JSON.stringify(c.service));
  return caseFile;
}

/**
 * Runs both sides once, untimed (it fills the file cache), and fails unless they emit
 * the same resources, attribute for attribute; then times `runs` interleaved rounds of
 * both, and of the `alsoTime` sides (other commands on the same project).
 */
export async function measureCase(c: BenchCase, programs: SynthPrograms, scratch: string, runs: number, alsoTime: Readonly<Record<string, Side>> = {}): Promise<CaseResult> {
  const caseFile = writeCaseFile(c, scratch);
  const outDir = (side: string, run: string) => join(scratch, c.slug, `${side}-${run}`);
  process.stderr.write(`${c.label}: checking that both sides emit the same resources\n`);
  const [bulkheadOut, baselineOut] = [outDir("bulkhead", "check"), outDir("baseline", "check")];
  await runProgram(bulkheadSynth(programs, c, bulkheadOut), scratch);
  await runProgram(baselineSynth(programs, caseFile, baselineOut), scratch);
  const sameResources = `${c.label}: ${sameResourcesOrThrow(c, bulkheadOut, baselineOut)}`;
  rmSync(join(scratch, c.slug), { recursive: true, force: true });

  const removeOutput = (side: string) => (run: number) => rmSync(outDir(side, String(run)), { recursive: true, force: true });
  const samples = await interleave(
    c.label,
    {
      bulkhead: { program: (run) => bulkheadSynth(programs, c, outDir("bulkhead", String(run))), after: removeOutput("bulkhead") },
      baseline: { program: (run) => baselineSynth(programs, caseFile, outDir("baseline", String(run))), after: removeOutput("baseline") },
      ...alsoTime,
    },
    runs,
    scratch,
  );
  return { label: c.label, slug: c.slug, samples, sameResources };
}

/** What both outputs hold, for the report; throws NotComparable when they differ. */
export function sameResourcesOrThrow(c: BenchCase, bulkheadOut: string, baselineOut: string): string {
  const [bulkheadCensus, baselineCensus] = [census(bulkheadOut), census(baselineOut)];
  const differences = [
    ...censusDifferences(bulkheadCensus, baselineCensus, "bulkhead", "baseline"),
    ...attributeDifferences(bulkheadOut, baselineOut, "bulkhead", "baseline"),
  ];
  if (differences.length > 0) {
    throw new NotComparable(`${c.label}: the baseline does not emit what bulkhead emits:\n  ${firstDifferences(differences).join("\n  ")}`);
  }
  const missing = c.mustEmit.filter((key) => [...bulkheadCensus.stacks.values()].some((counts) => !counts.get(key)));
  if (missing.length > 0) throw new NotComparable(`${c.label}: bulkhead no longer emits ${missing.join(", ")} in every stack, which this case exists to measure`);
  return `${describeCensus(bulkheadCensus)} on both sides; cdk.tf.json ${kb(bulkheadCensus.jsonBytes)} vs ${kb(baselineCensus.jsonBytes)}`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}
