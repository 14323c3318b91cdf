import type { BinomialTable } from "./assignment-combinatorics.js";
import { candidateSets, shardsByLoad } from "./assignment-candidates.js";
import type { ShardSetIndex } from "./assignment-index.js";
import { hashString } from "./assignment-random.js";
import { ExhaustiveSetSearch } from "./assignment-search.js";
import type { ShardingParameters } from "./assignment-validation.js";

/** Seed of the per-tenant hash; changing it would change every future assignment. */
const ASSIGNMENT_SEED = 0xb01d;

/** Sizes up to this get every set as a candidate: exact greedy at no real cost. */
const ALL_SETS_LIMIT = 64;

/**
 * Steps of the tenant's own least-loaded-first search when no candidate
 * qualifies (typically as the last free sets run out): enough to keep those
 * forced placements on light shards, bounded so a tenant costs O(1).
 */
const LIGHT_SEARCH_STEPS = 256;

/**
 * Loads above the lightest shard's that still count as balanced. Preferring
 * sets within it first keeps max − min load at 2 whenever such a set is
 * allowed, and costs almost no overlap: measured, it slightly lowers it.
 */
const BALANCE_SLACK = 1;

/** The set for one tenant, or undefined when the overlap bound leaves none. */
export type SetChooser = (tenant: string) => number[] | undefined;

/**
 * Only sets the hard rules allow are considered: used `minUses` times (the
 * fewest of any set) and, with maxOverlap, sharing at most that many shards
 * with every tenant. Among those, lowest first: shards beyond the balance
 * slack, most shards shared with one tenant, heaviest shard, total load.
 *
 * Candidates come from a short tenant-seeded list; when none is allowed, a
 * short least-loaded-first search; then the exact search, so the rules never
 * depend on luck.
 */
export function setChooser(parameters: ShardingParameters, index: ShardSetIndex, binomials: BinomialTable): SetChooser {
  const { n, k, maxOverlap } = parameters;
  const allSets = binomials[n][k] <= ALL_SETS_LIMIT ? everySet(n, k) : undefined;
  const lastResort = new ExhaustiveSetSearch(lightestFirst(index.loads), k, maxOverlap, index);
  const allowed = (set: readonly number[]) =>
    index.uses(set) === index.minUses && (maxOverlap === undefined || !index.exceeds(set, maxOverlap));

  return (tenant) => {
    const seed = hashString(tenant, ASSIGNMENT_SEED);
    const candidates = allSets === undefined ? candidateSets({ n, k, maxOverlap, index }, seed) : rotate(allSets, seed);
    return (
      bestAllowed(candidates.filter(allowed), index, k) ??
      new ExhaustiveSetSearch(shardsByLoad(index.loads, seed), k, maxOverlap, index).next(LIGHT_SEARCH_STEPS) ??
      lastResort.next()
    );
  };
}

/** Lexicographic minimum of [beyond slack, overlap, heaviest, total]; overlap is only computed when it can matter. */
function bestAllowed(candidates: readonly number[][], index: ShardSetIndex, k: number): number[] | undefined {
  const balancedLoad = Math.min(...index.loads) + BALANCE_SLACK;
  let best: number[] | undefined;
  let bestScore: number[] = [];
  for (const set of candidates) {
    const [beyondSlack, heaviest, total] = loadTerms(set, index.loads, balancedLoad);
    if (best !== undefined && beyondSlack > bestScore[0]) continue;
    const overlapCeiling = best !== undefined && beyondSlack === bestScore[0] ? bestScore[1] : k;
    if (index.exceeds(set, overlapCeiling)) continue;
    const score = [beyondSlack, index.overlap(set, overlapCeiling), heaviest, total];
    if (best === undefined || isLower(score, bestScore)) [best, bestScore] = [set, score];
  }
  return best;
}

function loadTerms(set: readonly number[], loads: Int32Array, balancedLoad: number): [number, number, number] {
  let heaviest = 0;
  let total = 0;
  for (const shard of set) {
    heaviest = Math.max(heaviest, loads[shard]);
    total += loads[shard];
  }
  return [heaviest > balancedLoad ? 1 : 0, heaviest, total];
}

function isLower(score: readonly number[], than: readonly number[]): boolean {
  for (let i = 0; i < score.length; i++) if (score[i] !== than[i]) return score[i] < than[i];
  return false;
}

/** Fixed for the whole run (the exact search resumes), lightest at the start first: shards added by growing n come first. */
function lightestFirst(loads: Int32Array): number[] {
  return Array.from(loads, (_, shard) => shard).sort((a, b) => loads[a] - loads[b] || a - b);
}

function everySet(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...everySet(n - 1, k), ...everySet(n - 1, k - 1).map((set) => [...set, n - 1])];
}

/** Same candidates from a tenant-seeded start, so equal scores do not always favour low shards. */
function rotate<T>(items: readonly T[], seed: number): T[] {
  const start = seed % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}
