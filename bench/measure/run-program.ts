import { spawn } from "node:child_process";
import { ProcessTreeRss } from "./process-tree-rss.js";

/** A fresh `node ARGS` in a working folder: a compiled program or a CLI command. */
export interface Program {
  readonly args: readonly string[];
  readonly cwd?: string;
}

export interface Sample {
  /** Wall time seen by the parent, from spawn to exit. */
  readonly ms: number;
  /** The largest sum of resident memory over the process and its children, sampled every SAMPLE_MS. */
  readonly peakMb: number;
}

export class ProgramFailed extends Error {}

/** Often enough to catch esbuild's service, which lives for a few hundred milliseconds at least. */
const SAMPLE_MS = 5;
const TIMEOUT_MS = 180_000;

/**
 * Runs `node ARGS` once and measures it. Children get `scratchDir` as TMPDIR, so the
 * bundles both sides leave in the temp folder go when the bench removes it.
 */
export function runProgram(program: Program, scratchDir: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, program.args, { cwd: program.cwd, env: { ...process.env, TMPDIR: scratchDir }, stdio: ["ignore", "pipe", "pipe"] });
    const rss = new ProcessTreeRss(child.pid!);
    rss.sample();
    const sampler = setInterval(() => rss.sample(), SAMPLE_MS);
    const timeout = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    let output = "";
    const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-16_000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let exit: { ms: number; code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.on("exit", (code, signal) => {
      exit = { ms: performance.now() - started, code, signal };
      clearInterval(sampler);
      clearTimeout(timeout);
    });
    child.on("error", (err) => {
      clearInterval(sampler);
      clearTimeout(timeout);
      reject(new ProgramFailed(`node ${program.args.join(" ")}: ${err.message}`));
    });
    // After exit, once its output (and that of any child still holding the pipes) is in.
    child.on("close", () => {
      if (!exit) return;
      if (exit.code === 0) return resolve({ ms: exit.ms, peakMb: rss.peakBytes / 2 ** 20 });
      const why = exit.signal ? `killed by ${exit.signal}${exit.signal === "SIGKILL" ? ` (timeout ${TIMEOUT_MS / 1000} s?)` : ""}` : `exited with ${exit.code}`;
      reject(new ProgramFailed(`node ${program.args.join(" ")} (in ${program.cwd ?? process.cwd()}): ${why}\n${output.trim().split("\n").slice(-20).join("\n")}`));
    });
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
