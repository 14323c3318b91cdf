import { assignTenants } from "../patterns/shuffle-sharded-queue/assignment.js";
import { LockMismatchError, MaxOverlapUnsatisfiableError, ShardingInputError } from "../patterns/shuffle-sharded-queue/assignment-errors.js";
import type { PatternLock } from "../patterns/shuffle-sharded-queue/assignment-types.js";
import { LOCK_VERSION, serializeLock } from "../patterns/shuffle-sharded-queue/lock.js";
import type { PatternPlan } from "./catalog.js";
import { ScaffoldError } from "./errors.js";

const ShardingError = [ShardingInputError, MaxOverlapUnsatisfiableError, LockMismatchError];

/**
 * The lock with a shard set for every tenant of each new sharded pattern, computed by the same
 * assignment as `bulkhead shards assign`; the patterns already locked keep their entries as they are.
 */
export function lockWith(existing: Readonly<Record<string, PatternLock>>, plans: readonly PatternPlan[]): { patterns: Record<string, PatternLock>; text: string } | undefined {
  const sharded = plans.filter((p) => p.sharding);
  if (sharded.length === 0) return undefined;
  const patterns: Record<string, PatternLock> = { ...existing };
  for (const plan of sharded) {
    const s = plan.sharding!;
    try {
      patterns[plan.name] = assignTenants({ shards: s.shards, shardsPerTenant: s.shardsPerTenant, maxOverlap: s.maxOverlap, tenants: s.tenants }, undefined);
    } catch (error) {
      // The tenants come from the user's spec (add); the shard counts are chosen to fit them.
      if (ShardingError.some((kind) => error instanceof kind)) throw new ScaffoldError(`cannot give the tenants of ${plan.name} shard sets: ${(error as Error).message}`);
      throw error;
    }
  }
  return { patterns, text: serializeLock({ version: LOCK_VERSION, patterns }) };
}
