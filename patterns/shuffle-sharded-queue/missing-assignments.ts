import type { PatternContext } from "../model/context.js";
import type { ResolutionFinding, SpecPath } from "../model/types.js";
import type { PatternLock } from "./assignment-types.js";
import type { ShuffleShardedQueueSpec } from "./spec.js";

const rule = "shard-assignment";

/**
 * Synth only reads the lock: assignments are made by `bulkhead shards assign`, so a
 * tenant never moves because someone synthesized on another machine or in another order.
 */
export function missingAssignments(
  ctx: PatternContext,
  spec: ShuffleShardedQueueSpec,
  tenants: readonly string[],
  tenantsPath: SpecPath,
  lock: PatternLock | undefined,
): ResolutionFinding[] {
  const fix = `run: bulkhead shards assign ${ctx.specFile}`;
  if (tenants.length === 0) {
    return [{ rule, path: [...ctx.source, "tenants"], message: "expected at least one tenant, here or in the service's tenants" }];
  }
  if (!lock) {
    return [{ rule, path: ctx.source, message: `no shard assignments for ${ctx.pattern} in the lock file; ${fix}` }];
  }
  const wanted = { n: spec.shards, k: spec.shardsPerTenant, maxOverlap: spec.maxOverlap ?? null };
  const changed = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((key) => lock[key] !== wanted[key]);
  if (changed.length > 0) {
    const what = changed.map((key) => `${key} ${lock[key]} -> ${wanted[key]}`).join(", ");
    return [{ rule, path: ctx.source, message: `the lock was assigned with other settings (${what}); ${fix}` }];
  }
  return tenants.flatMap((tenant, i) =>
    lock.assignments[tenant] ? [] : [{ rule, path: [...tenantsPath, i], message: `tenant "${tenant}" has no shard assignment yet; ${fix}` }],
  );
}
