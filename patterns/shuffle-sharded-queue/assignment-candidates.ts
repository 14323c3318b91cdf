import type { ShardSetIndex } from "./assignment-index.js";
import { byNumber, createRandom, randomBelow, randomSubset, type Random } from "./assignment-random.js";

/** Keeps the shuffle of equal-load shards independent of the sampled sets. */
const SHUFFLE_SALT = 0x5eed;
/** Random sets drawn among the least-loaded shards: low overlap without hurting balance. */
const LIGHT_SAMPLES = 16;
/** Random sets drawn among all shards: low overlap wherever it is. */
const UNIFORM_SAMPLES = 8;

export interface CandidateSource {
  readonly n: number;
  readonly k: number;
  readonly maxOverlap: number | undefined;
  readonly index: ShardSetIndex;
}

/**
 * A bounded, deterministic list of shard sets worth scoring for one tenant,
 * seeded by the tenant id. It only proposes; the caller filters by the hard
 * rules and falls back to an exhaustive search when nothing here qualifies.
 */
export function candidateSets(source: CandidateSource, tenantSeed: number): number[][] {
  const { n, k } = source;
  const random = createRandom(tenantSeed);
  const lightOrder = shardsByLoad(source.index.loads, tenantSeed);
  const lightPool = lightOrder.slice(0, lightPoolSize(n, k));
  return [
    lightOrder.slice(0, k).sort(byNumber),
    ...(source.maxOverlap === undefined ? [] : [greedyWithinBound(source.index, k, source.maxOverlap, lightOrder)]),
    ...repeat(LIGHT_SAMPLES, () => sampleFrom(lightPool, k, random)),
    ...repeat(UNIFORM_SAMPLES, () => randomSubset(random, n, k)),
  ].filter((set) => set.length === k);
}

/** Shards from least to most loaded; equal loads in a tenant-seeded order so ties spread. */
export function shardsByLoad(loads: Int32Array, tenantSeed: number): number[] {
  const random = createRandom(tenantSeed ^ SHUFFLE_SALT);
  const shards = Array.from(loads, (_, shard) => shard);
  for (let i = shards.length - 1; i > 0; i--) {
    const j = randomBelow(random, i + 1);
    [shards[i], shards[j]] = [shards[j], shards[i]];
  }
  // Array sort is stable: within a load, the shuffled order stays.
  return shards.sort((a, b) => loads[a] - loads[b]);
}

/** The lightest quarter of the shards (at least 2k): light enough for balance, wide enough for low overlap. */
function lightPoolSize(n: number, k: number): number {
  return Math.min(n, Math.max(2 * k, Math.ceil(n / 4)));
}

/** Walk shards from the lightest, keeping each one that does not break the overlap bound. */
function greedyWithinBound(index: ShardSetIndex, k: number, maxOverlap: number, lightOrder: readonly number[]): number[] {
  let picked: number[] = [];
  for (const shard of lightOrder) {
    if (picked.length === k) break;
    const trial = [...picked, shard].sort(byNumber);
    if (!index.exceeds(trial, maxOverlap)) picked = trial;
  }
  return picked;
}

function sampleFrom(pool: readonly number[], k: number, random: Random): number[] {
  return randomSubset(random, pool.length, k)
    .map((position) => pool[position])
    .sort(byNumber);
}

function repeat<T>(times: number, make: () => T): T[] {
  return Array.from({ length: times }, make);
}
