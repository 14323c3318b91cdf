import { binomialTable, choose, maskedRank, subsetMasksBySize } from "./assignment-combinatorics.js";
import { LockMismatchError, ShardingInputError } from "./assignment-errors.js";
import { byCodeUnits } from "./assignment-random.js";
import type { PatternLock, ShardAssignments, ShardingInput } from "./assignment-types.js";

/** Every j-subset of every set is indexed (2^k per tenant), so k stays small. */
export const MAX_SHARDS_PER_TENANT = 8;

export interface ShardingParameters {
  readonly n: number;
  readonly k: number;
  readonly maxOverlap: number | undefined;
  readonly tenants: readonly string[];
}

export function validateInput(input: ShardingInput): ShardingParameters {
  const { shards: n, shardsPerTenant: k, maxOverlap, tenants } = input;
  if (!Number.isInteger(k) || k < 2 || k > MAX_SHARDS_PER_TENANT) {
    throw new ShardingInputError(
      "shardsPerTenant",
      `shardsPerTenant must be an integer from 2 to ${MAX_SHARDS_PER_TENANT}, got ${k}`,
    );
  }
  if (!Number.isInteger(n) || n < k) {
    throw new ShardingInputError("shards", `shards must be an integer ≥ shardsPerTenant (${k}), got ${n}`);
  }
  if (choose(n, Math.min(k, Math.floor(n / 2))) > Number.MAX_SAFE_INTEGER) {
    throw new ShardingInputError("shards", `${n} shards are too many to choose ${k} from exactly; use fewer`);
  }
  if (maxOverlap !== undefined && (!Number.isInteger(maxOverlap) || maxOverlap < 0 || maxOverlap >= k)) {
    throw new ShardingInputError(
      "maxOverlap",
      `maxOverlap must be an integer from 0 to shardsPerTenant − 1 (${k - 1}), got ${maxOverlap}`,
    );
  }
  const seen = new Set<string>();
  for (const tenant of tenants) {
    if (typeof tenant !== "string" || tenant === "") {
      throw new ShardingInputError("tenants", `tenant ids must be non-empty strings, got ${JSON.stringify(tenant)}`);
    }
    if (seen.has(tenant)) throw new ShardingInputError("tenants", `tenant "${tenant}" is listed twice`);
    seen.add(tenant);
  }
  return { n, k, maxOverlap, tenants };
}

/**
 * The locked assignments of tenants still in the spec, unchanged. Stale
 * tenants are dropped (their sets are free again). Anything that no longer
 * fits n, k or maxOverlap stops the run: moving a tenant is an outage for it,
 * so it must be a decision, not a side effect.
 */
export function keptAssignments(parameters: ShardingParameters, previous: PatternLock | undefined): ShardAssignments {
  if (previous === undefined) return {};
  const kept = Object.fromEntries(
    parameters.tenants.filter((tenant) => Object.hasOwn(previous.assignments, tenant)).map((tenant) => [
      tenant,
      previous.assignments[tenant],
    ]),
  );
  assertSameK(parameters, previous, kept);
  assertShardsExist(parameters, kept);
  assertWithinOverlap(parameters, previous, kept);
  return kept;
}

function assertSameK(parameters: ShardingParameters, previous: PatternLock, kept: ShardAssignments): void {
  const tenants = Object.keys(kept).filter((tenant) => kept[tenant].length !== parameters.k);
  if (tenants.length === 0) return;
  throw new LockMismatchError(
    "k-changed",
    tenants,
    `shardsPerTenant is now ${parameters.k}, but the lock gives ${tenants.length} tenant(s) ` +
      `${previous.k} shards each (${listed(tenants)}). Locked tenants never move silently: ` +
      `restore shardsPerTenant: ${previous.k}, or delete this pattern's lock entry to re-assign every tenant ` +
      "(each then moves to new queues, so drain or migrate them first).",
  );
}

function assertShardsExist(parameters: ShardingParameters, kept: ShardAssignments): void {
  const tenants = Object.keys(kept).filter((tenant) => kept[tenant].some((shard) => shard >= parameters.n));
  if (tenants.length === 0) return;
  const highest = Math.max(...tenants.flatMap((tenant) => kept[tenant]));
  throw new LockMismatchError(
    "shard-removed",
    tenants,
    `shards is now ${parameters.n}, but ${tenants.length} locked tenant(s) use shard ${parameters.n} or above ` +
      `(${listed(tenants)}). Locked tenants never move silently: keep shards at least ${highest + 1}, ` +
      "or remove those tenants from the spec (or delete this pattern's lock entry to re-assign every tenant).",
  );
}

/** Two locked tenants sharing more than a newly tightened maxOverlap: found by their (m+1)-subsets. */
function assertWithinOverlap(parameters: ShardingParameters, previous: PatternLock, kept: ShardAssignments): void {
  const pair = firstPairSharingMoreThan(kept, parameters.n, parameters.k, parameters.maxOverlap);
  if (pair === undefined) return;
  throw new LockMismatchError(
    "overlap-exceeded",
    pair,
    `maxOverlap is now ${parameters.maxOverlap}, but locked tenants "${pair[0]}" and "${pair[1]}" share more shards ` +
      `(the lock was assigned with maxOverlap ${previous.maxOverlap ?? "unset"}). Locked tenants never move silently: ` +
      `restore maxOverlap: ${previous.maxOverlap ?? "(unset)"}, or remove one of them from the spec ` +
      "(or delete this pattern's lock entry to re-assign every tenant).",
  );
}

/** The first two tenants (in id order) sharing more than `maxOverlap` shards, in O(T · C(k, m+1)). */
export function firstPairSharingMoreThan(
  assignments: ShardAssignments,
  n: number,
  k: number,
  maxOverlap: number | undefined,
): [string, string] | undefined {
  if (maxOverlap === undefined || maxOverlap >= k) return undefined;
  const binomials = binomialTable(n, k);
  const masks = subsetMasksBySize(k)[maxOverlap + 1];
  const ownerBySubset = new Map<number, string>();
  for (const tenant of Object.keys(assignments).sort(byCodeUnits)) {
    const set = assignments[tenant];
    for (const mask of masks) {
      const subset = maskedRank(set, mask, binomials);
      const owner = ownerBySubset.get(subset);
      if (owner !== undefined) return [owner, tenant];
      ownerBySubset.set(subset, tenant);
    }
  }
  return undefined;
}

function listed(tenants: readonly string[]): string {
  const shown = tenants.slice(0, 5).map((tenant) => `"${tenant}"`);
  return tenants.length > 5 ? `${shown.join(", ")} and ${tenants.length - 5} more` : shown.join(", ");
}
