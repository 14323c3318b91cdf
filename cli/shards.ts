import { resolve } from "node:path";
import { assignTenants } from "../patterns/shuffle-sharded-queue/assignment.js";
import { LockMismatchError, MaxOverlapUnsatisfiableError, ShardingInputError } from "../patterns/shuffle-sharded-queue/assignment-errors.js";
import type { PatternLock } from "../patterns/shuffle-sharded-queue/assignment-types.js";
import { LOCK_VERSION, writeLock } from "../patterns/shuffle-sharded-queue/lock.js";
import { readLockBeside } from "../patterns/shuffle-sharded-queue/read-lock.js";
import { buildReport, formatReport } from "../patterns/shuffle-sharded-queue/report.js";
import type { ShuffleShardedQueueSpec } from "../patterns/shuffle-sharded-queue/spec.js";
import { SpecError } from "../patterns/spec/errors.js";
import { loadSpec, problemAt, type LoadedSpec } from "../patterns/spec/load.js";
import { parseArgs, UsageError } from "./args.js";
import type { Io } from "./commands.js";

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

function oneSpec(argv: readonly string[], usage: string): string {
  const { positionals } = parseArgs(argv, []);
  if (positionals.length !== 1) throw new UsageError(`expected one spec file (${usage})`);
  return positionals[0]!;
}

/**
 * `bulkhead shards assign SPEC`: gives new tenants a shard set, drops removed ones,
 * never moves an assigned one, and writes the lock atomically.
 */
export function assignShards(argv: readonly string[], io: Io): number {
  const file = oneSpec(argv, "bulkhead shards assign SPEC");
  const loaded = loadSpec(resolve(io.cwd, file), file);
  const { lockFile, path, lock } = readLockBeside(file, io.cwd);
  const patterns: Record<string, PatternLock> = {};
  for (const p of shardedPatterns(loaded)) {
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
  writeLock(path, { version: LOCK_VERSION, patterns });
  io.out(`wrote ${lockFile}`);
  return 0;
}

/** `bulkhead shards report SPEC`: balance and blast radius, beside a stateless hash of the same tenants. */
export function reportShards(argv: readonly string[], io: Io): number {
  const file = oneSpec(argv, "bulkhead shards report SPEC");
  const loaded = loadSpec(resolve(io.cwd, file), file);
  const { lockFile, lock } = readLockBeside(file, io.cwd);
  for (const p of shardedPatterns(loaded)) {
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
