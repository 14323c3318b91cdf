import fc from "fast-check";
import { choose } from "../../patterns/shuffle-sharded-queue/assignment-combinatorics.js";
import type { ShardAssignments } from "../../patterns/shuffle-sharded-queue/assignment-types.js";

export function tenantIds(count: number, prefix = "tenant"): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
}

export function loads(assignments: ShardAssignments, n: number): number[] {
  const perShard = new Array<number>(n).fill(0);
  for (const set of Object.values(assignments)) for (const shard of set) perShard[shard]++;
  return perShard;
}

export function loadSpread(assignments: ShardAssignments, n: number): number {
  const perShard = loads(assignments, n);
  return Math.max(...perShard) - Math.min(...perShard);
}

/** Naive O(T²) reference for the largest overlap between two tenants. */
export function maxPairwiseOverlap(assignments: ShardAssignments): number {
  const sets = Object.values(assignments);
  let max = 0;
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) max = Math.max(max, sets[i].filter((s) => sets[j].includes(s)).length);
  }
  return max;
}

export function setUses(assignments: ShardAssignments): Map<string, number> {
  const uses = new Map<string, number>();
  for (const set of Object.values(assignments)) uses.set(set.join(","), (uses.get(set.join(",")) ?? 0) + 1);
  return uses;
}

/** Small shard counts so that C(n, k) stays small enough to fill completely. */
export const smallShape = fc
  .integer({ min: 2, max: 4 })
  .chain((k) => fc.record({ k: fc.constant(k), n: fc.integer({ min: k, max: k + 6 }) }))
  .map(({ n, k }) => ({ n, k, sets: choose(n, k) }));

/** Distinct tenant ids, drawn so that sorting and hashing see varied text. */
export function tenantList(maxLength: number) {
  return fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 0, maxLength });
}
