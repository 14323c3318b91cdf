/**
 * Counting and naming k-subsets of shards. A shard set is a sorted array of
 * distinct shard indexes; its colex rank (combinatorial number system) is a
 * dense integer id in [0, C(n, j)), cheap to compute and exact in a double as
 * long as every binomial involved stays below 2^53.
 */

/** binomials[a][b] = C(a, b) for a ≤ n, b ≤ k. */
export type BinomialTable = readonly (readonly number[])[];

export function binomialTable(n: number, k: number): BinomialTable {
  const rows: number[][] = [];
  for (let a = 0; a <= n; a++) {
    const row = [1];
    for (let b = 1; b <= k; b++) row.push(a === 0 ? 0 : rows[a - 1][b - 1] + rows[a - 1][b]);
    rows.push(row);
  }
  return rows;
}

/** C(n, k), or Infinity once it leaves the range where doubles count exactly. */
export function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) {
    result = (result * (n - i + 1)) / i;
    if (result > Number.MAX_SAFE_INTEGER) return Infinity;
  }
  return Math.round(result);
}

/** Colex rank of a sorted set: Σ C(set[i], i + 1). Distinct sets of one size get distinct ranks. */
export function colexRank(sortedSet: readonly number[], binomials: BinomialTable): number {
  let rank = 0;
  for (let i = 0; i < sortedSet.length; i++) rank += binomials[sortedSet[i]][i + 1];
  return rank;
}

/**
 * Bit masks of the non-empty subsets of a k-set, grouped by subset size, so
 * callers can ask "is any j-subset of this set used?" one size at a time.
 */
export function subsetMasksBySize(k: number): readonly (readonly number[])[] {
  const bySize: number[][] = Array.from({ length: k + 1 }, () => []);
  for (let mask = 1; mask < 1 << k; mask++) bySize[popCount(mask)].push(mask);
  return bySize;
}

/** Colex rank of the subset of `sortedSet` picked by `mask` (bit i picks sortedSet[i]). */
export function maskedRank(sortedSet: readonly number[], mask: number, binomials: BinomialTable): number {
  let rank = 0;
  let position = 0;
  for (let i = 0; i < sortedSet.length; i++) {
    if (mask & (1 << i)) rank += binomials[sortedSet[i]][++position];
  }
  return rank;
}

function popCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) count++;
  return count;
}

/**
 * Johnson bound: no more than ⌊n/k ⌊(n−1)/(k−1) ⌊ … ⌊(n−m)/(k−m)⌋ … ⌋⌋⌋ k-sets of
 * n shards can pairwise share at most m shards. It never exceeds the plain
 * packing bound C(n, m+1) / C(k, m+1) and equals C(n, k) when m = k − 1.
 */
export function johnsonBound(n: number, k: number, maxOverlap: number): number {
  let bound = 1;
  for (let i = maxOverlap; i >= 0; i--) bound = Math.floor(((n - i) * bound) / (k - i));
  return bound;
}
