import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { filesUnder, writeFileAtomically } from "./files.js";

/**
 * What synth wrote into an output folder, kept there so that a later synth replaces
 * exactly those files and nothing else (state, `.terraform/`, lock files, saved plans).
 */
export const RECORD_FILE = ".bulkhead-synth.json";
const RECORD_VERSION = 1;

export interface StackRecord {
  /** The spec that produced the stack, as the user named it; absent for outputs of an older synth. */
  readonly spec?: string;
  /** Paths relative to the stack folder. */
  readonly files: readonly string[];
}

export type SynthRecord = Readonly<Record<string, StackRecord>>;

export const CDKTF_MANIFEST = "manifest.json";

interface Manifest {
  readonly version?: string;
  readonly stacks: Record<string, { readonly workingDirectory: string } & Record<string, unknown>>;
}

export function readManifest(outDir: string): Manifest | undefined {
  const path = join(outDir, CDKTF_MANIFEST);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Manifest) : undefined;
}

export function writeManifest(outDir: string, manifest: Manifest): void {
  writeFileAtomically(join(outDir, CDKTF_MANIFEST), `${JSON.stringify({ ...manifest, stacks: sortedByKey(manifest.stacks) }, null, 2)}\n`);
}

/**
 * The record of an output folder. Folders written before the record existed get one
 * inferred from cdktf's own layout: a stack's `cdk.tf.json` and its `assets/`.
 */
export function readRecord(outDir: string): SynthRecord {
  const path = join(outDir, RECORD_FILE);
  if (existsSync(path)) {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as { version: number; stacks: SynthRecord };
    if (parsed.version === RECORD_VERSION) return parsed.stacks;
  }
  const manifest = readManifest(outDir);
  const record: Record<string, StackRecord> = {};
  for (const [name, stack] of Object.entries(manifest?.stacks ?? {})) {
    const dir = join(outDir, stack.workingDirectory);
    const files = filesUnder(dir).filter((f) => f === "cdk.tf.json" || f.startsWith("assets/"));
    record[name] = { files };
  }
  return record;
}

export function writeRecord(outDir: string, record: SynthRecord): void {
  writeFileAtomically(join(outDir, RECORD_FILE), `${JSON.stringify({ version: RECORD_VERSION, stacks: sortedByKey(record) }, null, 2)}\n`);
}

function sortedByKey<T>(entries: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
