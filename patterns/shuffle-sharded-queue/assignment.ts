import { binomialTable, type BinomialTable } from "./assignment-combinatorics.js";
import { candidateSets, shardsByLoad } from "./assignment-candidates.js";
import { MaxOverlapUnsatisfiableError } from "./assignment-errors.js";
import { ShardSetIndex } from "./assignment-index.js";
import { byCodeUnits, hashString } from "./assignment-random.js";
import { ExhaustiveSetSearch } from "./assignment-search.js";
import type { PatternLock, ShardingInput } from "./assignment-types.js";
import { keptAssignments, validateInput, type ShardingParameters } from "./assignment-validation.js";

/** Seed of the per-tenant hash; changing it would change every future assignment. */
const ASSIGNMENT_SEED = 0xb01d;

/**
 * Gives every tenant of the spec a permanent set of k of the n shards.
 *
 * Locked tenants keep their sets; stale ones are dropped; new tenants are
 * placed one at a time in id order (so input order never matters), each on
 * the best set the hard rules allow:
 * - only sets used `minUses` times, the fewest of any set: distinct sets while
 *   T ≤ C(n, k), then every set reused at most ⌈T / C(n, k)⌉ times;
 * - with maxOverlap m, only sets sharing at most m shards with every tenant;
 * and among those, the one sharing the fewest shards with any tenant, then on
 * the least-loaded shards. Candidates come from a short tenant-seeded list;
 * an exhaustive, resumable search backs it so the rules hold exactly.
 *
 * Throws ShardingInputError, LockMismatchError or MaxOverlapUnsatisfiableError.
 */
export function assignTenants(input: ShardingInput, previous: PatternLock | undefined): PatternLock {
  const parameters = validateInput(input);
  const kept = keptAssignments(parameters, previous);
  const binomials = binomialTable(parameters.n, parameters.k);
  const index = new ShardSetIndex(parameters.n, parameters.k, binomials);
  for (const set of Object.values(kept)) index.add(set);

  const chooser = setChooser(parameters, index, binomials);
  const placed: [string, readonly number[]][] = Object.entries(kept);
  const newcomers = parameters.tenants.filter((tenant) => !Object.hasOwn(kept, tenant)).sort(byCodeUnits);
  for (const tenant of newcomers) {
    const set = chooser(tenant);
    if (set === undefined) throw overlapError(parameters, tenant, placed.length);
    index.add(set);
    placed.push([tenant, set]);
  }
  return {
    n: parameters.n,
    k: parameters.k,
    maxOverlap: parameters.maxOverlap ?? null,
    assignments: Object.fromEntries(placed.sort(([a], [b]) => byCodeUnits(a, b))),
  };
}

/** Sizes up to this get every set as a candidate: exact greedy at no real cost. */
const ALL_SETS_LIMIT = 64;

/**
 * Steps of the tenant's own least-loaded-first search when no candidate
 * qualifies (typically as the last free sets run out): enough to keep those
 * forced placements on light shards, bounded so a tenant costs O(1).
 */
const LIGHT_SEARCH_STEPS = 256;

type SetChooser = (tenant: string) => number[] | undefined;

function setChooser(parameters: ShardingParameters, index: ShardSetIndex, binomials: BinomialTable): SetChooser {
  const { n, k, maxOverlap } = parameters;
  const allSets = binomials[n][k] <= ALL_SETS_LIMIT ? everySet(n, k) : undefined;
  // Lightest shards first when the run starts: shards added by growing n are searched first.
  const searchOrder = Array.from(index.loads, (_, shard) => shard).sort(
    (a, b) => index.loads[a] - index.loads[b] || a - b,
  );
  const search = new ExhaustiveSetSearch(searchOrder, k, maxOverlap, index);
  const allowed = (set: readonly number[]) =>
    index.uses(set) === index.minUses && (maxOverlap === undefined || !index.exceeds(set, maxOverlap));

  const lightSearch = (seed: number) =>
    new ExhaustiveSetSearch(shardsByLoad(index.loads, seed), k, maxOverlap, index).next(LIGHT_SEARCH_STEPS);
  return (tenant) => {
    const seed = hashString(tenant, ASSIGNMENT_SEED);
    const candidates = allSets === undefined ? candidateSets({ n, k, maxOverlap, index }, seed) : rotate(allSets, seed);
    let best: number[] | undefined;
    let bestScore: readonly number[] = [];
    for (const set of candidates) {
      if (!allowed(set)) continue;
      const ceiling = best === undefined ? k : bestScore[0];
      if (index.exceeds(set, ceiling)) continue;
      const score = setScore(set, index, ceiling);
      if (best === undefined || isLower(score, bestScore)) [best, bestScore] = [set, score];
    }
    return best ?? lightSearch(seed) ?? search.next();
  };
}

/** Lower is better, compared in order: most shards shared with one tenant, then the loads of its shards. */
function setScore(set: readonly number[], index: ShardSetIndex, overlapCeiling: number): readonly number[] {
  let heaviest = 0;
  let total = 0;
  for (const shard of set) {
    heaviest = Math.max(heaviest, index.loads[shard]);
    total += index.loads[shard];
  }
  return [index.overlap(set, overlapCeiling), heaviest, total];
}

function isLower(score: readonly number[], than: readonly number[]): boolean {
  for (let i = 0; i < score.length; i++) if (score[i] !== than[i]) return score[i] < than[i];
  return false;
}

function everySet(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...everySet(n - 1, k), ...everySet(n - 1, k - 1).map((set) => [...set, n - 1])];
}

/** Same candidates, tenant-seeded starting point: equal scores do not always favour low shards. */
function rotate<T>(items: readonly T[], seed: number): T[] {
  const start = seed % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

/** Only the overlap bound can leave a tenant without a set: some set always has the fewest uses. */
function overlapError(parameters: ShardingParameters, tenant: string, placed: number): MaxOverlapUnsatisfiableError {
  return new MaxOverlapUnsatisfiableError(
    tenant,
    placed,
    parameters.tenants.length,
    parameters.n,
    parameters.k,
    parameters.maxOverlap!,
  );
}
