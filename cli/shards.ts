import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { assignTenants } from "../patterns/shuffle-sharded-queue/assignment.js";
import { LockMismatchError, MaxOverlapUnsatisfiableError, ShardingInputError } from "../patterns/shuffle-sharded-queue/assignment-errors.js";
import type { PatternLock } from "../patterns/shuffle-sharded-queue/assignment-types.js";
import { LOCK_VERSION, serializeLock, writeLock, type ShardsLock } from "../patterns/shuffle-sharded-queue/lock.js";
import { readLockBeside } from "../patterns/shuffle-sharded-queue/read-lock.js";
import { buildReport, formatReport } from "../patterns/shuffle-sharded-queue/report.js";
import type { ShuffleShardedQueueSpec } from "../patterns/shuffle-sharded-queue/spec.js";
import { SpecError } from "../patterns/spec/errors.js";
import { loadSpec, problemAt, type LoadedSpec } from "../patterns/spec/load.js";
import { parseArgs, UsageError } from "./args.js";
import type { Io, Run } from "./io.js";
import { specFile } from "./spec-files.js";

interface ShardedPattern {
  readonly name: string;
  readonly spec: ShuffleShardedQueueSpec;
  readonly tenants: readonly string[];
}

function shardedPatterns(loaded: LoadedSpec): ShardedPattern[] {
  return Object.entries(loaded.spec.patterns)
    .filter(([, p]) => p.type === "shuffle-sharded-queue")
    .map(([name, p]) => {
      const spec = p as unknown as ShuffleShardedQueueSpec;
      return { name, spec, tenants: spec.tenants ?? loaded.spec.tenants ?? [] };
    });
}

function oneSpec(argv: readonly string[], io: Io): string {
  const { positionals } = parseArgs(argv);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "name the spec (a service.yaml, or its folder)" : `expected one spec, got ${positionals.length}`);
  return specFile(positionals[0]!, io.cwd);
}

/** The sharded patterns of a spec; a spec without any is told so rather than answered with silence. */
function shardedPatternsOf(loaded: LoadedSpec, file: string, what: string): ShardedPattern[] {
  const patterns = shardedPatterns(loaded);
  if (patterns.length === 0) throw new UsageError(`${file} has no shuffle-sharded-queue pattern, so there is ${what}`);
  return patterns;
}

export const run: Run = (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === "assign") return assignShards(rest, io);
  if (sub === "report") return reportShards(rest, io);
  throw new UsageError(sub === undefined ? "name a subcommand: assign or report" : `unknown subcommand "${sub}"; expected assign or report`);
};

/**
 * `bulkhead shards assign SPEC`: gives new tenants a shard set, drops removed ones,
 * never moves an assigned one, and writes the lock atomically.
 */
export function assignShards(argv: readonly string[], io: Io): number {
  const file = oneSpec(argv, io);
  const loaded = loadSpec(resolve(io.cwd, file), file);
  const { lockFile, path, lock } = readLockBeside(file, io.cwd);
  const patterns: Record<string, PatternLock> = {};
  for (const p of shardedPatternsOf(loaded, file, "nothing to assign")) {
    const input = { shards: p.spec.shards, shardsPerTenant: p.spec.shardsPerTenant, maxOverlap: p.spec.maxOverlap, tenants: p.tenants };
    try {
      patterns[p.name] = assignTenants(input, lock.patterns[p.name]);
    } catch (err) {
      throw locatedAssignmentError(loaded, p.name, err);
    }
    const before = new Set(Object.keys(lock.patterns[p.name]?.assignments ?? {}));
    const after = Object.keys(patterns[p.name]!.assignments);
    const added = after.filter((t) => !before.has(t)).length;
    const removed = [...before].filter((t) => !after.includes(t)).length;
    io.out(`${p.name}: ${after.length} tenants on ${p.spec.shards} shards (${added} added, ${removed} removed, ${after.length - added} unchanged)`);
  }
  const next: ShardsLock = { version: LOCK_VERSION, patterns };
  // An unchanged lock keeps its bytes and its timestamp: nothing to review, nothing to commit.
  if (existsSync(path) && readFileSync(path, "utf8") === serializeLock(next)) {
    io.out(`${lockFile} is unchanged`);
    return 0;
  }
  writeLock(path, next);
  io.out(`wrote ${lockFile}`);
  return 0;
}

/** `bulkhead shards report SPEC`: balance and blast radius, beside a stateless hash of the same tenants. */
export function reportShards(argv: readonly string[], io: Io): number {
  const file = oneSpec(argv, io);
  const loaded = loadSpec(resolve(io.cwd, file), file);
  const { lockFile, lock } = readLockBeside(file, io.cwd);
  for (const p of shardedPatternsOf(loaded, file, "nothing to report")) {
    const locked = lock.patterns[p.name];
    if (!locked) throw new UsageError(`${p.name} has no assignments in ${lockFile}; run: bulkhead shards assign ${file}`);
    io.out(`${p.name}: ${formatReport(buildReport(locked))}`);
  }
  return 0;
}

function locatedAssignmentError(loaded: LoadedSpec, pattern: string, err: unknown): SpecError {
  const at = (path: string[], message: string) => new SpecError([problemAt(loaded, ["patterns", pattern, ...path], message, { rule: "shard-assignment" })]);
  if (err instanceof ShardingInputError) return at([err.field], err.message);
  if (err instanceof MaxOverlapUnsatisfiableError) return at(["maxOverlap"], err.message);
  if (err instanceof LockMismatchError) return at([], err.message);
  throw err;
}
