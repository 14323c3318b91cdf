import { runProgram, type Program, type Sample } from "./run-program.js";

/** One measured side: the program of each run, and untimed work around it. */
export interface Side {
  readonly program: (run: number) => Program;
  /** Before each run, untimed: e.g. delete the lock a command is to write afresh. */
  readonly before?: (run: number) => void;
  /** After each run, untimed: e.g. delete its output. */
  readonly after?: (run: number) => void;
}

/**
 * `runs` rounds, each running every side once in turn, so that load from elsewhere on the
 * machine (other test runs, a build) falls on all sides alike rather than on one side's
 * block of runs. Every other round runs the sides in reverse order, so that neither side
 * always follows the other's clean-up (removing an output of thousands of files).
 */
export async function interleave<K extends string>(label: string, sides: Readonly<Record<K, Side>>, runs: number, scratch: string): Promise<Record<K, Sample[]>> {
  const names = Object.keys(sides) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]])) as Record<K, Sample[]>;
  for (let run = 0; run < runs; run++) {
    process.stderr.write(`${label}: run ${run + 1}/${runs}\n`);
    for (const name of run % 2 === 0 ? names : [...names].reverse()) {
      const side = sides[name];
      side.before?.(run);
      samples[name].push(await runProgram(side.program(run), scratch));
      side.after?.(run);
    }
  }
  return samples;
}
