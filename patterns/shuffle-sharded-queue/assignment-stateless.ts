import { createRandom, hashString, randomSubset } from "./assignment-random.js";
import type { ShardAssignments } from "./assignment-types.js";

/** Seed of the stateless baseline; distinct from the assigner's so the two never correlate. */
const STATELESS_SEED = 0x1f1a1a;

/**
 * The stateless baseline, as Infima's simple signature sharder does it: hash
 * each tenant id to a seeded random k-subset. No memory, no coordination, and
 * no guarantee: two tenants can draw the same set.
 */
export function assignStateless(tenants: readonly string[], n: number, k: number): ShardAssignments {
  return Object.fromEntries(
    tenants.map((tenant) => [tenant, randomSubset(createRandom(hashString(tenant, STATELESS_SEED)), n, k)]),
  );
}
