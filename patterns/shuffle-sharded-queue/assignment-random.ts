/**
 * Seeded hashing and pseudo-randomness. Everything here is integer arithmetic
 * on 32-bit values (Math.imul, shifts) plus one IEEE division, so every
 * machine and JavaScript engine computes the same numbers: assignments must
 * not depend on where `bulkhead shards assign` runs.
 */

export type Random = () => number;

/** 32-bit hash of a string's UTF-16 code units (murmur3-style mixing). */
export function hashString(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x5bd1e995);
    hash ^= hash >>> 15;
  }
  return mix32(hash ^ text.length);
}

/** Avalanche finaliser: nearby inputs give unrelated outputs. */
function mix32(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** mulberry32: a tiny, fast generator of uint32 values, fully determined by its seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), state | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return (x ^ (x >>> 14)) >>> 0;
  };
}

/** An integer in [0, bound); the tiny bias of scaling is irrelevant here, determinism is not. */
export function randomBelow(random: Random, bound: number): number {
  return Math.floor((random() / 4294967296) * bound);
}

/**
 * Uniform random k-subset of [0, n) by Floyd's algorithm: exactly k draws,
 * no rejection loop, returned sorted.
 */
export function randomSubset(random: Random, n: number, k: number): number[] {
  const picked: number[] = [];
  for (let top = n - k; top < n; top++) {
    const draw = randomBelow(random, top + 1);
    picked.push(picked.includes(draw) ? top : draw);
  }
  return picked.sort(byNumber);
}

export function byNumber(a: number, b: number): number {
  return a - b;
}

/** Code-unit order, the same everywhere (unlike localeCompare). */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
