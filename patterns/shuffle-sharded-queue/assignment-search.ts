import type { ShardSetIndex } from "./assignment-index.js";
import { byNumber } from "./assignment-random.js";

/**
 * The exact fallback: walks every k-subset of `order` in lexicographic order
 * of positions and returns the first one the hard rules allow (used exactly
 * `minUses` times; no more than maxOverlap shards shared with anyone). Prefixes
 * that already share too much are skipped whole.
 *
 * The walk resumes where it stopped: whatever it skipped stays forbidden
 * (counts and used subsets only grow during one assignment run), except that a
 * new reuse round (minUses moving up) makes every set eligible again and
 * restarts it. So the walks of one run cost O(C(n, k)) per round in total, and
 * when it reports nothing, nothing qualifies: the guarantees are exact.
 */
export class ExhaustiveSetSearch {
  /** Positions into `order`, strictly increasing; undefined once every set was visited. */
  private cursor: number[] | undefined;
  private round: number;

  constructor(
    private readonly order: readonly number[],
    private readonly k: number,
    private readonly maxOverlap: number | undefined,
    private readonly index: ShardSetIndex,
  ) {
    this.round = index.minUses;
    this.cursor = firstCombination(k);
  }

  /** The next allowed set, or undefined when none is left (or after `budget` steps without one). */
  next(budget = Infinity): number[] | undefined {
    if (this.index.minUses !== this.round) {
      this.round = this.index.minUses;
      this.cursor = firstCombination(this.k);
    }
    let checkedDepth = 0;
    for (let step = 0; this.cursor !== undefined && step < budget; step++) {
      const tooShared = this.firstOversharedDepth(checkedDepth);
      if (tooShared === undefined) {
        const set = this.shardsUpTo(this.k);
        if (this.index.uses(set) === this.index.minUses) return set;
      }
      checkedDepth = this.skipFrom(tooShared ?? this.k - 1);
    }
    return undefined;
  }

  /** Shortest prefix (from `fromDepth` on) sharing more than maxOverlap shards with a used set. */
  private firstOversharedDepth(fromDepth: number): number | undefined {
    if (this.maxOverlap === undefined) return undefined;
    for (let depth = Math.max(fromDepth, this.maxOverlap); depth < this.k; depth++) {
      if (this.index.exceeds(this.shardsUpTo(depth + 1), this.maxOverlap)) return depth;
    }
    return undefined;
  }

  /** Moves past every combination sharing the cursor's first depth + 1 positions; returns the first changed depth. */
  private skipFrom(depth: number): number {
    const cursor = this.cursor!;
    const n = this.order.length;
    let changed = depth;
    while (changed >= 0 && cursor[changed] === n - this.k + changed) changed--;
    if (changed < 0) {
      this.cursor = undefined;
      return 0;
    }
    cursor[changed]++;
    for (let i = changed + 1; i < this.k; i++) cursor[i] = cursor[i - 1] + 1;
    return changed;
  }

  private shardsUpTo(length: number): number[] {
    return this.cursor!.slice(0, length)
      .map((position) => this.order[position])
      .sort(byNumber);
  }
}

function firstCombination(k: number): number[] {
  return Array.from({ length: k }, (_, i) => i);
}
