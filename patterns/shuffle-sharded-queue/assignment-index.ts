import { type BinomialTable, choose, colexRank, maskedRank, subsetMasksBySize } from "./assignment-combinatorics.js";

/**
 * What the assigner knows about the sets handed out so far, kept so every
 * question it asks per candidate costs O(2^k) hash lookups, never a scan of
 * the tenants:
 * - per-shard load (tenants per shard), for balance;
 * - per-set use count and the smallest use count over all C(n, k) sets, for
 *   "no identical sets while T ≤ C(n, k), then reuse evenly";
 * - every j-subset of every used set, so that "does this candidate share j
 *   shards with some tenant?" is "is one of its j-subsets used?".
 */
export class ShardSetIndex {
  readonly loads: Int32Array;
  private fewestUses = 0;
  private readonly totalSets: number;
  private readonly masksBySize: readonly (readonly number[])[];
  /** usedSubsets[j]: colex ranks of the j-subsets of used sets. */
  private readonly usedSubsets: Set<number>[];
  private readonly usesBySet = new Map<number, number>();
  /** use count → how many sets have it (counts ≥ 1; unused sets are totalSets − usesBySet.size). */
  private readonly setsByUses = new Map<number, number>();

  constructor(
    n: number,
    private readonly k: number,
    private readonly binomials: BinomialTable,
  ) {
    this.loads = new Int32Array(n);
    this.totalSets = choose(n, k);
    this.masksBySize = subsetMasksBySize(k);
    this.usedSubsets = Array.from({ length: k + 1 }, () => new Set<number>());
  }

  /** Smallest use count over all C(n, k) sets; only sets used this often may be handed out. */
  get minUses(): number {
    return this.fewestUses;
  }

  uses(sortedSet: readonly number[]): number {
    return this.usesBySet.get(colexRank(sortedSet, this.binomials)) ?? 0;
  }

  add(sortedSet: readonly number[]): void {
    for (const shard of sortedSet) this.loads[shard]++;
    for (let size = 1; size <= this.k; size++) {
      for (const mask of this.masksBySize[size]) this.usedSubsets[size].add(maskedRank(sortedSet, mask, this.binomials));
    }
    const rank = colexRank(sortedSet, this.binomials);
    const uses = (this.usesBySet.get(rank) ?? 0) + 1;
    this.usesBySet.set(rank, uses);
    this.setsByUses.set(uses, (this.setsByUses.get(uses) ?? 0) + 1);
    if (uses > 1) this.setsByUses.set(uses - 1, this.setsByUses.get(uses - 1)! - 1);
    this.advanceMinUses();
  }

  /**
   * Most shards the set shares with any one used set (0 when it shares none),
   * for a set known not to share more than `atMost` (saves the larger checks).
   */
  overlap(sortedSet: readonly number[], atMost = this.k): number {
    for (let size = atMost; size > 0; size--) {
      if (this.sharesSubsetOfSize(sortedSet, size)) return size;
    }
    return 0;
  }

  /**
   * Whether the set (a full set, or a sorted prefix of one while searching)
   * shares more than `limit` shards with some used set.
   */
  exceeds(sortedSet: readonly number[], limit: number): boolean {
    return limit < sortedSet.length && this.sharesSubsetOfSize(sortedSet, limit + 1);
  }

  private sharesSubsetOfSize(sortedSet: readonly number[], size: number): boolean {
    const used = this.usedSubsets[size];
    const withinSet = 1 << sortedSet.length;
    for (const mask of this.masksBySize[size]) {
      if (mask < withinSet && used.has(maskedRank(sortedSet, mask, this.binomials))) return true;
    }
    return false;
  }

  /** Counts only grow, so the minimum only moves up: amortised O(1). */
  private advanceMinUses(): void {
    if (this.usesBySet.size < this.totalSets) return;
    if (this.fewestUses === 0) this.fewestUses = 1;
    while ((this.setsByUses.get(this.fewestUses) ?? 0) === 0) this.fewestUses++;
  }
}
