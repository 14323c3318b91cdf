import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { filesUnder, moveFile, removeEmptyFolders } from "./files.js";
import { CDKTF_MANIFEST, RECORD_FILE, readManifest, readRecord, writeManifest, writeRecord, type StackRecord } from "./record.js";

export interface StackWritten {
  readonly name: string;
  /** The stack folder, as the user's `--out` names it. */
  readonly dir: string;
  readonly files: number;
  /** Top-level entries of the folder that synth did not write and left untouched (`.terraform/`, a plan). */
  readonly kept: readonly string[];
}

export interface OutputReport {
  readonly written: readonly StackWritten[];
  /** Stacks a synthesized spec produced before and no longer does: left in place for their owner to destroy. */
  readonly stale: readonly string[];
}

export interface Synthesized {
  /** A complete, fresh cdktf output (manifest.json and stacks/) to bring into the target. */
  readonly stagingDir: string;
  readonly targetDir: string;
  /** `--out` as the user wrote it, for messages. */
  readonly outLabel: string;
  /** Stack name → the spec file that produced it. */
  readonly producedBy: ReadonlyMap<string, string>;
  /** Whether every spec of the project was synthesized (then a stack no spec produces is stale). */
  readonly everySpec: boolean;
}

/**
 * Brings a fresh synth into the output folder without losing anything: it replaces only
 * the files an earlier synth wrote (per the record), keeps every other file where it is,
 * and leaves the stacks of specs not synthesized this time alone. Within a stack, assets
 * land before the `cdk.tf.json` that names them, each by rename. Every check runs before
 * the first file moves, so a refusal changes nothing.
 */
export function commitOutput(s: Synthesized): OutputReport {
  assertOutputFolder(s.targetDir, s.outLabel);
  const record = readRecord(s.targetDir);
  const previousManifest = readManifest(s.targetDir);
  const manifest = readManifest(s.stagingDir);
  if (!manifest) throw new Error(`cdktf wrote no ${CDKTF_MANIFEST} in ${s.stagingDir}`);
  const plans = Object.entries(manifest.stacks).map(([name, stack]) => {
    const from = join(s.stagingDir, stack.workingDirectory);
    const to = join(s.targetDir, stack.workingDirectory);
    return { name, from, to, dir: posix.join(s.outLabel, stack.workingDirectory), files: filesUnder(from), before: record[name]?.files ?? [] };
  });
  assertFoldersWhereFoldersGo(plans, s.outLabel);
  assertNothingForeignOverwritten(plans, s.outLabel);
  const listed = new Set([...Object.keys(previousManifest?.stacks ?? {}), ...Object.keys(manifest.stacks)]);
  assertNoUnlistedStackFolders(s.targetDir, listed, s.outLabel);

  // Before the first move, the record names old and new files alike: a synth stopped halfway
  // leaves nothing the next one would mistake for someone else's.
  writeRecord(s.targetDir, {
    ...record,
    ...Object.fromEntries(plans.map((p) => [p.name, { spec: s.producedBy.get(p.name), files: [...new Set([...p.before, ...p.files])].sort() }])),
  });
  const written: StackWritten[] = [];
  const nextRecord: Record<string, StackRecord> = { ...record };
  for (const plan of plans) {
    const now = new Set(plan.files);
    if (!existsSync(plan.to)) {
      // A stack folder new to the output holds nothing of anyone's: it comes in whole, in one rename.
      mkdirSync(dirname(plan.to), { recursive: true });
      renameSync(plan.from, plan.to);
    } else {
      // The configuration last: until it is replaced, the old one still finds its own assets.
      const ordered = [...plan.files.filter((f) => f !== "cdk.tf.json"), ...plan.files.filter((f) => f === "cdk.tf.json")];
      for (const file of ordered) moveFile(join(plan.from, file), join(plan.to, file));
      for (const file of plan.before) if (!now.has(file)) rmSync(join(plan.to, file), { force: true });
      // Only a merge leaves folders emptied (an asset replaced by a newer one); a folder moved in whole has none.
      removeEmptyFolders(join(plan.to, "assets"));
    }
    const kept = topLevelEntries(plan.to).filter((entry) => !now.has(entry) && !plan.files.some((f) => entry.endsWith("/") && f.startsWith(entry)));
    written.push({ name: plan.name, dir: plan.dir, files: plan.files.length, kept });
    nextRecord[plan.name] = { spec: s.producedBy.get(plan.name), files: plan.files };
  }

  const stacks = { ...(previousManifest?.stacks ?? {}) };
  for (const name of Object.keys(stacks)) if (!existsSync(join(s.targetDir, stacks[name]!.workingDirectory))) delete stacks[name];
  Object.assign(stacks, manifest.stacks);
  for (const name of Object.keys(nextRecord)) if (!stacks[name]) delete nextRecord[name];
  writeManifest(s.targetDir, { ...manifest, stacks });
  writeRecord(s.targetDir, nextRecord);
  rmSync(s.stagingDir, { recursive: true, force: true });

  const synthesizedSpecs = new Set(s.producedBy.values());
  const stale = Object.keys(stacks).filter((name) => {
    if (manifest.stacks[name]) return false;
    const spec = nextRecord[name]?.spec;
    return s.everySpec || (spec !== undefined && synthesizedSpecs.has(spec));
  });
  return { written, stale: stale.map((name) => posix.join(s.outLabel, stacks[name]!.workingDirectory)) };
}

/** An output folder is absent, empty, or an earlier synth's: `--out services` must not scatter stacks among specs. */
function assertOutputFolder(target: string, outLabel: string): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new OutputDirError(outLabel, "it is a file");
  const entries = readdirSync(target);
  if (entries.length === 0 || entries.includes(CDKTF_MANIFEST) || entries.includes(RECORD_FILE)) return;
  throw new OutputDirError(outLabel, `it is not a previous synth output (it holds ${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""})`);
}

/** A stack folder, or a folder on the way to one of its files, that is a file would stop synth halfway. */
function assertFoldersWhereFoldersGo(plans: readonly { to: string; dir: string; files: readonly string[] }[], outLabel: string): void {
  for (const plan of plans) {
    const folders = new Set([plan.to, ...plan.files.flatMap((f) => ancestors(f).map((a) => join(plan.to, a)))]);
    for (const folder of folders) {
      if (existsSync(folder) && !statSync(folder).isDirectory()) {
        throw new OutputDirError(outLabel, `${posix.join(plan.dir, relativeTo(plan.to, folder))} is a file where synth writes a folder; move it away`);
      }
    }
  }
}

function ancestors(file: string): string[] {
  const parts = file.split("/").slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

function relativeTo(base: string, path: string): string {
  return path === base ? "" : path.slice(base.length + 1).split("\\").join("/");
}

/**
 * `cdktf synth` deletes every folder under stacks/ that its manifest does not list. Synth lists
 * every stack it knows; anything else there would be lost to the next `npx cdktf synth`.
 */
function assertNoUnlistedStackFolders(target: string, listed: ReadonlySet<string>, outLabel: string): void {
  const stacks = join(target, "stacks");
  if (!existsSync(stacks)) return;
  const unlisted = readdirSync(stacks).filter((entry) => !listed.has(entry));
  if (unlisted.length > 0) {
    throw new OutputDirError(
      outLabel,
      `${unlisted.map((e) => posix.join(outLabel, "stacks", e)).join(", ")} ${unlisted.length === 1 ? "is not a stack" : "are not stacks"} synth wrote, and \`npx cdktf synth\` deletes such folders; move ${unlisted.length === 1 ? "it" : "them"} out of ${posix.join(outLabel, "stacks")}`,
    );
  }
}

function assertNothingForeignOverwritten(plans: readonly { to: string; dir: string; files: readonly string[]; before: readonly string[] }[], outLabel: string): void {
  const foreign = plans.flatMap((plan) => {
    const ours = new Set(plan.before);
    return plan.files.filter((f) => !ours.has(f) && existsSync(join(plan.to, f))).map((f) => posix.join(plan.dir, f));
  });
  if (foreign.length > 0) {
    throw new OutputDirError(outLabel, `${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", ..." : ""} would be overwritten, and an earlier synth did not write ${foreign.length === 1 ? "it" : "them"}; move ${foreign.length === 1 ? "it" : "them"} away`);
  }
}

function topLevelEntries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
}

/** A user's `--out` that bulkhead will not write to; reported without a stack trace. */
export class OutputDirError extends Error {
  constructor(
    readonly outDir: string,
    reason: string,
  ) {
    super(`refusing to write ${outDir}: ${reason}`);
    this.name = "OutputDirError";
  }
}
