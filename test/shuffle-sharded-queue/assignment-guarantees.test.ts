import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignTenants } from "../../patterns/shuffle-sharded-queue/assignment.js";
import { choose } from "../../patterns/shuffle-sharded-queue/assignment-combinatorics.js";
import { MaxOverlapUnsatisfiableError } from "../../patterns/shuffle-sharded-queue/assignment-errors.js";
import type { PatternLock, ShardingInput } from "../../patterns/shuffle-sharded-queue/assignment-types.js";
import { loadSpread, maxPairwiseOverlap, setUses, smallShape, tenantIds } from "./helpers.js";

/** Assigns the tenants in `batches` successive runs, each on the previous run's lock. */
function assignInBatches(input: ShardingInput, batches: number): PatternLock {
  let lock: PatternLock | undefined;
  for (let batch = 1; batch <= batches; batch++) {
    const tenants = input.tenants.slice(0, Math.ceil((input.tenants.length * batch) / batches));
    lock = assignTenants({ ...input, tenants }, lock);
  }
  return lock!;
}

describe("no two tenants share a set while T ≤ C(n, k)", () => {
  it("holds up to and including T = C(n, k), in one run or several", () => {
    fc.assert(
      fc.property(
        smallShape.chain((shape) =>
          fc.record({ shape: fc.constant(shape), tenants: fc.integer({ min: 0, max: shape.sets }), batches: fc.integer({ min: 1, max: 3 }) }),
        ),
        ({ shape, tenants, batches }) => {
          const lock = assignInBatches({ shards: shape.n, shardsPerTenant: shape.k, tenants: tenantIds(tenants) }, batches);
          expect(setUses(lock.assignments).size).toBe(tenants);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("fills every one of C(n, k) sets exactly once for a larger n", () => {
    const lock = assignTenants({ shards: 14, shardsPerTenant: 3, tenants: tenantIds(choose(14, 3)) }, undefined);
    expect(setUses(lock.assignments).size).toBe(364);
  });
});

describe("beyond C(n, k), sets are reused evenly", () => {
  it("uses every set ⌊T / C⌋ or ⌈T / C⌉ times", () => {
    fc.assert(
      fc.property(
        smallShape
          .filter((shape) => shape.sets <= 60)
          .chain((shape) =>
            fc.record({
              shape: fc.constant(shape),
              tenants: fc.integer({ min: shape.sets, max: 4 * shape.sets }),
              batches: fc.integer({ min: 1, max: 3 }),
            }),
          ),
        ({ shape, tenants, batches }) => {
          const lock = assignInBatches({ shards: shape.n, shardsPerTenant: shape.k, tenants: tenantIds(tenants) }, batches);
          const uses = [...setUses(lock.assignments).values()];
          expect(uses.length).toBe(shape.sets);
          expect(Math.max(...uses)).toBeLessThanOrEqual(Math.ceil(tenants / shape.sets));
          expect(Math.min(...uses)).toBeGreaterThanOrEqual(Math.floor(tenants / shape.sets));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("maxOverlap is a hard bound", () => {
  const boundedInput = smallShape.chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      maxOverlap: fc.integer({ min: 0, max: shape.k - 1 }),
      tenants: fc.integer({ min: 1, max: 40 }),
    }),
  );

  it("never lets two tenants share more than maxOverlap shards", () => {
    fc.assert(
      fc.property(boundedInput, ({ shape, maxOverlap, tenants }) => {
        const input = { shards: shape.n, shardsPerTenant: shape.k, maxOverlap, tenants: tenantIds(tenants) };
        try {
          expect(maxPairwiseOverlap(assignTenants(input, undefined).assignments)).toBeLessThanOrEqual(maxOverlap);
        } catch (error) {
          expect(error).toBeInstanceOf(MaxOverlapUnsatisfiableError);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("fails only when no set at all is left within the bound", () => {
    fc.assert(
      fc.property(boundedInput, ({ shape, maxOverlap, tenants }) => {
        // One tenant per run, so the lock holds exactly what was placed before the failure.
        let lock: PatternLock | undefined;
        for (const tenant of tenantIds(tenants)) {
          const input = { shards: shape.n, shardsPerTenant: shape.k, maxOverlap, tenants: [...Object.keys(lock?.assignments ?? {}), tenant] };
          try {
            lock = assignTenants(input, lock);
          } catch (error) {
            expect(error).toBeInstanceOf(MaxOverlapUnsatisfiableError);
            const placed = Object.values(lock?.assignments ?? {});
            const fits = everySet(shape.n, shape.k).some((set) =>
              placed.every((other) => set.filter((shard) => other.includes(shard)).length <= maxOverlap),
            );
            expect(fits).toBe(false);
            expect((error as MaxOverlapUnsatisfiableError).placed).toBe(placed.length);
            return;
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("balance: tenants per shard", () => {
  /*
   * Why 2: each tenant prefers allowed sets whose shards all carry at most
   * (lightest load + 1) tenants, and its candidates always include the k
   * lightest shards, so the heaviest shard stays at most 2 above the lightest
   * whenever such a set is still free. Near the end of a round (few free sets
   * left, all forced) that can fail. Measured before writing this bound: 0
   * violations in 4,000 runs of exactly this property and 2,200 wider random
   * shapes (k 2–6, n ≤ k + 30, ≤ 1,500 tenants); past half a round, 3 or 4
   * was seen in 6 of 2,400 shapes. A full round is exact: see the next test.
   */
  it("keeps max − min load ≤ 2 while at most half of the current round's sets are taken", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 5 })
          .chain((k) => fc.record({ k: fc.constant(k), n: fc.integer({ min: k, max: k + 20 }), tenants: fc.integer({ min: 1, max: 400 }), batches: fc.integer({ min: 1, max: 3 }) }))
          .filter(({ n, k, tenants }) => tenants % choose(n, k) <= choose(n, k) / 2),
        ({ n, k, tenants, batches }) => {
          const lock = assignInBatches({ shards: n, shardsPerTenant: k, tenants: tenantIds(tenants) }, batches);
          expect(loadSpread(lock.assignments, n)).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("is exact (spread 0) after every complete round of C(n, k) sets", () => {
    for (const [n, k, rounds] of [[8, 2, 3], [7, 3, 2], [10, 4, 1]]) {
      const lock = assignTenants({ shards: n, shardsPerTenant: k, tenants: tenantIds(rounds * choose(n, k)) }, undefined);
      expect(loadSpread(lock.assignments, n)).toBe(0);
    }
  });
});

function everySet(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...everySet(n - 1, k), ...everySet(n - 1, k - 1).map((set) => [...set, n - 1])];
}
