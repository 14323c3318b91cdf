import { johnsonBound } from "./assignment-combinatorics.js";

export type ShardingField = "shards" | "shardsPerTenant" | "maxOverlap" | "tenants";

/** The spec's sharding parameters are unusable on their own, before any lock is read. */
export class ShardingInputError extends Error {
  override readonly name = "ShardingInputError";
  constructor(
    readonly field: ShardingField,
    message: string,
  ) {
    super(message);
  }
}

export type LockMismatchReason = "k-changed" | "shard-removed" | "overlap-exceeded";

/**
 * Locked assignments no longer fit the spec. Assignments are permanent, so
 * rather than move tenants silently the assigner stops and says what to do.
 */
export class LockMismatchError extends Error {
  override readonly name = "LockMismatchError";
  constructor(
    readonly reason: LockMismatchReason,
    /** Tenants whose locked shard set does not fit (for overlap, the first offending pair). */
    readonly tenants: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/** The smallest change to each parameter that lifts the Johnson bound to the tenants requested. */
export interface OverlapSuggestions {
  readonly shards: number;
  /** Absent when even maxOverlap = k − 1 (distinct sets) cannot hold them: drop the bound. */
  readonly maxOverlap?: number;
  /** Absent when no smaller k helps. */
  readonly shardsPerTenant?: number;
}

/** No shard set is left that keeps every pairwise overlap within maxOverlap. */
export class MaxOverlapUnsatisfiableError extends Error {
  override readonly name = "MaxOverlapUnsatisfiableError";
  /** Tenants with a shard set when the assigner gave up (locked ones included). */
  readonly placed: number;
  /** Johnson bound: no assignment of any kind holds more tenants under this bound. */
  readonly upperBound: number;
  readonly suggestions: OverlapSuggestions;

  constructor(
    /** The first tenant (in id order) that found no set. */
    readonly tenant: string,
    placed: number,
    /** Tenants the spec asks for. */
    readonly requested: number,
    readonly n: number,
    readonly k: number,
    readonly maxOverlap: number,
  ) {
    const upperBound = johnsonBound(n, k, maxOverlap);
    const suggestions = suggestChanges(n, k, maxOverlap, requested);
    super(describe({ tenant, placed, requested, n, k, maxOverlap, upperBound, suggestions }));
    this.placed = placed;
    this.upperBound = upperBound;
    this.suggestions = suggestions;
  }
}

function suggestChanges(n: number, k: number, maxOverlap: number, requested: number): OverlapSuggestions {
  const fits = (shards: number, perTenant: number, overlap: number) =>
    johnsonBound(shards, perTenant, overlap) >= requested;
  let shards = n + 1;
  while (!fits(shards, k, maxOverlap)) shards++;
  let overlap = maxOverlap + 1;
  while (overlap < k && !fits(n, k, overlap)) overlap++;
  let perTenant = k - 1;
  while (perTenant > Math.max(1, maxOverlap) && !fits(n, perTenant, maxOverlap)) perTenant--;
  return {
    shards,
    ...(overlap < k ? { maxOverlap: overlap } : {}),
    ...(perTenant >= 2 && perTenant > maxOverlap ? { shardsPerTenant: perTenant } : {}),
  };
}

function describe(facts: {
  tenant: string;
  placed: number;
  requested: number;
  n: number;
  k: number;
  maxOverlap: number;
  upperBound: number;
  suggestions: OverlapSuggestions;
}): string {
  const { tenant, placed, requested, n, k, maxOverlap, upperBound, suggestions } = facts;
  const options = [
    `raise shards to at least ${suggestions.shards}`,
    suggestions.maxOverlap === undefined ? "drop maxOverlap" : `raise maxOverlap to ${suggestions.maxOverlap}`,
    ...(suggestions.shardsPerTenant === undefined
      ? []
      : [
          `lower shardsPerTenant to ${suggestions.shardsPerTenant} ` +
            "(this moves every tenant: delete this pattern's lock entry first)",
        ]),
  ];
  return (
    `cannot place tenant "${tenant}" (k=${k} of n=${n} shards, maxOverlap=${maxOverlap}): ` +
    `every remaining set shares more than ${maxOverlap} shard(s) with some tenant. ` +
    `Placed ${placed} of ${requested} tenants; no assignment of any kind fits more than ${upperBound} (Johnson bound). ` +
    `To fit ${requested}: ${options.join(", or ")}. ` +
    "These minimums come from the bound; the greedy assigner may need somewhat more."
  );
}
