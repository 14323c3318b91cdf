import { binomialTable, choose, maskedRank, subsetMasksBySize } from "./assignment-combinatorics.js";
import type { ShardAssignments } from "./assignment-types.js";

export interface Spread {
  readonly worst: number;
  readonly mean: number;
}

/** How one assignment of tenants to k-of-n shard sets behaves. */
export interface AssignmentStats {
  readonly tenants: number;
  readonly n: number;
  readonly k: number;
  /** C(n, k): distinct shard sets available. */
  readonly distinctSets: number;
  readonly tenantsPerShard: { readonly min: number; readonly max: number; readonly mean: number };
  /** Most shards any two tenants share. */
  readonly maxPairwiseOverlap: number;
  /** pairsByOverlap[j]: tenant pairs sharing exactly j shards. */
  readonly pairsByOverlap: readonly number[];
  /** Tenants whose whole set is also another tenant's set. */
  readonly tenantsSharingWholeSet: number;
  /**
   * Flood one tenant's k shards: how many other tenants lose every shard they
   * have (same set) and how many lose some but keep at least one; worst case
   * and mean over the flooded tenant.
   */
  readonly blastRadius: { readonly loseAll: Spread; readonly loseSome: Spread };
}

/**
 * Computed from how many tenants hold each subset of shards, never from the
 * T² pairs: a tenant's set S shares a shard with
 * Σ_{∅≠J⊆S} (−1)^{|J|+1} · holders(J) tenants (inclusion–exclusion over S), and
 * Σ_{|J|=j} C(holders(J), 2) counts each pair C(overlap, j) times, which a
 * binomial inversion turns into exact pair counts. Cost O(T · 2^k).
 */
export function assignmentStats(assignments: ShardAssignments, n: number, k: number): AssignmentStats {
  const sets = Object.values(assignments);
  const binomials = binomialTable(n, k);
  const masksBySize = subsetMasksBySize(k);
  const holders = countHolders(sets, k, binomials, masksBySize);
  const loseAll: number[] = [];
  const loseSome: number[] = [];
  let maxPairwiseOverlap = 0;
  for (const set of sets) {
    const sameSet = holders[k].get(maskedRank(set, (1 << k) - 1, binomials))! - 1;
    let touched = 0;
    for (let size = 1; size <= k; size++) {
      for (const mask of masksBySize[size]) {
        const count = holders[size].get(maskedRank(set, mask, binomials))!;
        touched += size % 2 === 1 ? count : -count;
        if (count > 1) maxPairwiseOverlap = Math.max(maxPairwiseOverlap, size);
      }
    }
    loseAll.push(sameSet);
    loseSome.push(touched - 1 - sameSet);
  }
  return {
    tenants: sets.length,
    n,
    k,
    distinctSets: choose(n, k),
    tenantsPerShard: shardLoads(sets, n),
    maxPairwiseOverlap,
    pairsByOverlap: pairsByOverlap(sets.length, holders, k),
    tenantsSharingWholeSet: loseAll.filter((others) => others > 0).length,
    blastRadius: { loseAll: spreadOf(loseAll), loseSome: spreadOf(loseSome) },
  };
}

/** holders[j]: colex rank of a j-subset → tenants whose set contains it. */
function countHolders(
  sets: readonly (readonly number[])[],
  k: number,
  binomials: ReturnType<typeof binomialTable>,
  masksBySize: readonly (readonly number[])[],
): Map<number, number>[] {
  const holders = Array.from({ length: k + 1 }, () => new Map<number, number>());
  for (const set of sets) {
    for (let size = 1; size <= k; size++) {
      for (const mask of masksBySize[size]) {
        const rank = maskedRank(set, mask, binomials);
        holders[size].set(rank, (holders[size].get(rank) ?? 0) + 1);
      }
    }
  }
  return holders;
}

/**
 * atLeast[j] = Σ_{|J|=j} C(holders(J), 2) = Σ_{i≥j} C(i, j) · pairs[i]; solved
 * for pairs from the top size down. pairs[0] is what is left of all C(T, 2).
 */
function pairsByOverlap(tenants: number, holders: readonly Map<number, number>[], k: number): number[] {
  const pairs = new Array<number>(k + 1).fill(0);
  for (let size = k; size >= 1; size--) {
    let weighted = 0;
    for (const count of holders[size].values()) weighted += (count * (count - 1)) / 2;
    for (let larger = size + 1; larger <= k; larger++) weighted -= choose(larger, size) * pairs[larger];
    pairs[size] = weighted;
  }
  pairs[0] = (tenants * (tenants - 1)) / 2 - pairs.reduce((sum, count) => sum + count, 0);
  return pairs;
}

function shardLoads(sets: readonly (readonly number[])[], n: number): AssignmentStats["tenantsPerShard"] {
  const loads = new Array<number>(n).fill(0);
  for (const set of sets) for (const shard of set) loads[shard]++;
  return { min: Math.min(...loads), max: Math.max(...loads), mean: (sets.length * (sets[0]?.length ?? 0)) / n };
}

function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) return { worst: 0, mean: 0 };
  return {
    worst: Math.max(...values),
    mean: values.reduce((sum, value) => sum + value, 0) / values.length,
  };
}
