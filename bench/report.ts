import { availableParallelism } from "node:os";
import { pairedRatios } from "./measure/paired.js";
import { median, type Sample } from "./measure/run-program.js";
import { mb, ms, ratio, table } from "./print-table.js";
import type { CaseResult } from "./synth-case.js";
import { formatTargets, type Target } from "./targets.js";

/** A synth case by its short name; no result when it could not be measured (see failures). */
export interface SynthCase {
  readonly name: string;
  readonly result?: CaseResult;
}

type Pair<K extends string> = Readonly<Record<K, readonly Sample[]>>;

export interface Measurements {
  readonly cases: readonly SynthCase[];
  readonly checkVsSynth?: Pair<"check" | "synth">;
  readonly help?: Pair<"help" | "node">;
  readonly assign?: readonly Sample[];
  readonly references?: Pair<"empty" | "deep" | "root">;
  /** The 1-minute load average at start, every 5 s, and at the end. */
  readonly loads: readonly number[];
  readonly failures: readonly string[];
}

const time = (samples: readonly Sample[]) => median(samples.map((s) => s.ms));
const peak = (samples: readonly Sample[]) => median(samples.map((s) => s.peakMb));
const NOT_MEASURED = "not measured (see the end)";

export function printReport(m: Measurements, targets: readonly Target[]): void {
  const loads = [...m.loads].sort((a, b) => a - b);
  console.log(`\nmachine: ${availableParallelism()} cores; 1-minute load average ${m.loads[0]!.toFixed(1)} at start, ${m.loads.at(-1)!.toFixed(1)} at end,`);
  console.log(`         median ${median(loads).toFixed(1)} (${loads[0]!.toFixed(1)} to ${loads.at(-1)!.toFixed(1)}) over the run, read every 5 s`);
  printSynth(m.cases);
  printCommands(m);
  console.log(`\ntargets\n`);
  console.log(formatTargets(targets));
  printSides(m.cases);
  printReferences(m.references);
}

function printSynth(cases: readonly SynthCase[]): void {
  const runs = cases.find((c) => c.result)?.result?.samples.bulkhead?.length ?? 0;
  console.log(`\nsynth: \`node bin/bulkhead.mjs synth SPEC --out OUT\` against the hand-written cdktf program compiled to JavaScript;`);
  console.log(`median of ${runs} interleaved runs per side (the order alternating each round), each a fresh \`node\`; ratio = bulkhead / baseline`);
  console.log(`of the medians; paired = the median of each round's ratio, with the lowest and highest (what the targets judge)\n`);
  const rows = cases.map(({ name, result }) => {
    if (!result) return [`${name}: ${NOT_MEASURED}`, "n/a", "n/a", "", "", "n/a", "n/a", ""];
    const { bulkhead, baseline } = result.samples;
    const [bt, ht, bp, hp] = [time(bulkhead!), time(baseline!), peak(bulkhead!), peak(baseline!)];
    const paired = pairedRatios(bulkhead!, baseline!);
    const spread = `${median(paired).toFixed(2)}x (${Math.min(...paired).toFixed(2)} to ${Math.max(...paired).toFixed(2)})`;
    return [result.label, ms(bt), ms(ht), ratio(bt, ht), spread, mb(bp), mb(hp), ratio(bp, hp)];
  });
  console.log(table(["case", "bulkhead ms", "baseline ms", "ratio", "paired", "bulkhead MB", "baseline MB", "ratio"], rows));
}

function printCommands(m: Measurements): void {
  console.log(`\nCLI commands, each a fresh \`node\`; median of interleaved runs\n`);
  const row = (command: string, samples: readonly Sample[] | undefined, against?: string, other?: readonly Sample[]) => {
    if (!samples) return [`${command}: ${NOT_MEASURED}`, "", "n/a", "n/a"];
    const compared = other ? [against!, ms(time(other)), ratio(time(samples), time(other))] : [];
    return [command, String(samples.length), ms(time(samples)), mb(peak(samples)), ...compared];
  };
  console.log(
    table(
      ["command", "runs", "ms", "peak MB", "against", "ms", "ratio"],
      [
        row("bulkhead --help", m.help?.help, "node -e 0", m.help?.node),
        row("bulkhead check (example)", m.checkVsSynth?.check, "bulkhead synth (example)", m.checkVsSynth?.synth),
        row("bulkhead shards assign (10,000 tenants, n=64 k=3, no lock)", m.assign),
      ],
    ),
  );
}

function printSides(cases: readonly SynthCase[]): void {
  console.log(`\nsame resources, attribute for attribute once cdktf's logical ids are masked (checked on an untimed first run of each side):`);
  cases.forEach((c) => console.log(`  ${c.result ? c.result.sameResources : `${c.name}: ${NOT_MEASURED}`}`));
  console.log(`\nwhat each side does:`);
  console.log(`  bulkhead: the CLI as users run it, built by \`node scripts/build.mjs\` at bench start and run from a copy of bin/ and`);
  console.log(`            dist/ in the bench's scratch folder; whatever \`bulkhead synth\` does in this working tree (parse and validate`);
  console.log(`            the spec, resolve the model, guardrails, bundle the handlers, build the constructs, cdktf synth, merge the output)`);
  console.log(`  baseline: bench/baseline/handwritten.ts compiled with esbuild at bench start, run by plain \`node\`: reads the`);
  console.log(`            patterns' settings as JSON and the shard assignments from the lock file, bundles its handlers with esbuild`);
  console.log(`            (one call, an entry point each, per set of routing tables compiled in: a sharded consumer's and a tenant`);
  console.log(`            router's differ per environment; the calls run at once) and zips them itself, builds the same resources`);
  console.log(`            directly, cdktf synth`);
  console.log(`  peak MB: the largest sum of resident memory over the process and its children (esbuild's service), sampled every`);
  console.log(`           5 ms from /proc (children found by parent pid); pages two processes share count in each`);
}

function printReferences(ref: Measurements["references"]): void {
  if (!ref) return console.log(`\nreference: ${NOT_MEASURED}`);
  console.log(`\nreference: loading the AWS provider, compiled and run by plain \`node\` (median of ${ref.empty.length} interleaved runs)\n`);
  const rows: [string, readonly Sample[]][] = [
    ["empty program (the floor of every row)", ref.empty],
    ["deep imports of the 21 resource types + provider used, and cdktf", ref.deep],
    ['import "@cdktf/provider-aws" (package root)', ref.root],
  ];
  console.log(table(["program", "ms", "peak MB"], rows.map(([label, samples]) => [label, ms(time(samples)), mb(peak(samples))])));
  console.log("");
}
