import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A TypeScript program run in a fresh Node: its file and arguments. */
export interface Program {
  readonly script: string;
  readonly args: readonly string[];
}

export interface Sample {
  /** Wall time seen by the parent, from spawn to exit. */
  readonly ms: number;
  /** The child's own peak resident set size. */
  readonly peakMb: number;
}

export class ProgramFailed extends Error {}

// Absolute URLs, so a child resolves them whatever its working folder.
const TSX_LOADER = import.meta.resolve("tsx");
const PEAK_RSS_REPORTER = import.meta.resolve("./report-peak-rss.ts");

let runs = 0;

/**
 * Runs `node --import tsx SCRIPT ARGS` once. Children get `scratchDir` as TMPDIR, so
 * the bundles both sides leave in the temp folder go when the bench removes it.
 */
export function runProgram(program: Program, scratchDir: string): Sample {
  const peakRssFile = join(scratchDir, `peak-rss-${++runs}`);
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", TSX_LOADER, "--import", PEAK_RSS_REPORTER, program.script, ...program.args], {
    env: { ...process.env, TMPDIR: scratchDir, BENCH_PEAK_RSS_FILE: peakRssFile },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  const ms = performance.now() - started;
  if (child.error || child.status !== 0) {
    const why = child.error?.message ?? `exited with ${child.status ?? child.signal}`;
    throw new ProgramFailed(`${program.script} ${program.args.join(" ")}: ${why}\n${`${child.stdout}${child.stderr}`.trim().split("\n").slice(-20).join("\n")}`);
  }
  return { ms, peakMb: Number(readFileSync(peakRssFile, "utf8")) / 1024 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
