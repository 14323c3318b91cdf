import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignTenants } from "../../patterns/shuffle-sharded-queue/assignment.js";
import { loads, smallShape, tenantIds, tenantList } from "./helpers.js";

describe("assignments are permanent", () => {
  it("keeps every remaining tenant's set when tenants are added and removed", () => {
    fc.assert(
      fc.property(
        smallShape,
        tenantList(30),
        tenantList(30),
        fc.integer({ min: 0, max: 30 }),
        ({ n, k }, first, added, removedCount) => {
          const before = assignTenants({ shards: n, shardsPerTenant: k, tenants: first }, undefined);
          const removed = new Set(first.slice(0, removedCount));
          const tenants = [...new Set([...first.filter((tenant) => !removed.has(tenant)), ...added])];
          const after = assignTenants({ shards: n, shardsPerTenant: k, tenants }, before);
          for (const tenant of first.filter((tenant) => !removed.has(tenant))) {
            expect(after.assignments[tenant]).toEqual(before.assignments[tenant]);
          }
          expect(Object.keys(after.assignments).sort()).toEqual([...tenants].sort());
        },
      ),
      { numRuns: 150 },
    );
  });

  it("keeps every set when n grows", () => {
    fc.assert(
      fc.property(smallShape, fc.integer({ min: 1, max: 6 }), tenantList(30), ({ n, k }, extra, first) => {
        const before = assignTenants({ shards: n, shardsPerTenant: k, tenants: first }, undefined);
        const grown = assignTenants({ shards: n + extra, shardsPerTenant: k, tenants: [...first, "newcomer"] }, before);
        for (const tenant of first) expect(grown.assignments[tenant]).toEqual(before.assignments[tenant]);
      }),
      { numRuns: 100 },
    );
  });

  it("puts a newcomer on grown shards only, when at least k were added and every old one is in use", () => {
    fc.assert(
      fc.property(smallShape, fc.integer({ min: 0, max: 4 }), tenantList(30), ({ n, k }, beyondK, first) => {
        const before = assignTenants({ shards: n, shardsPerTenant: k, tenants: first }, undefined);
        fc.pre(!first.includes("newcomer") && loads(before.assignments, n).every((load) => load > 0));
        const grown = assignTenants({ shards: n + k + beyondK, shardsPerTenant: k, tenants: [...first, "newcomer"] }, before);
        expect(grown.assignments.newcomer.every((shard) => shard >= n)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("gives the next tenants sets of grown shards only, while there are such sets", () => {
    const full = assignTenants({ shards: 8, shardsPerTenant: 2, tenants: tenantIds(28) }, undefined);
    // 4 new shards hold C(4, 2) = 6 distinct sets.
    const newcomers = tenantIds(6, "new");
    const grown = assignTenants({ shards: 12, shardsPerTenant: 2, tenants: [...tenantIds(28), ...newcomers] }, full);
    for (const tenant of newcomers) expect(grown.assignments[tenant].every((shard) => shard >= 8)).toBe(true);
    expect(loads(grown.assignments, 12)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 3, 3, 3, 3]);
  });

  it("keeps every set when n shrinks but no locked set uses a removed shard", () => {
    const lock = assignTenants({ shards: 6, shardsPerTenant: 2, tenants: tenantIds(5) }, undefined);
    const highest = Math.max(...Object.values(lock.assignments).flat());
    const shrunk = assignTenants({ shards: highest + 1, shardsPerTenant: 2, tenants: tenantIds(5) }, lock);
    expect(shrunk.assignments).toEqual(lock.assignments);
  });

  it("frees a removed tenant's set for the next tenant once every set is taken", () => {
    const full = assignTenants({ shards: 5, shardsPerTenant: 2, tenants: tenantIds(10) }, undefined);
    const freed = full.assignments["tenant-3"];
    const tenants = [...tenantIds(10).filter((tenant) => tenant !== "tenant-3"), "replacement"];
    expect(assignTenants({ shards: 5, shardsPerTenant: 2, tenants }, full).assignments.replacement).toEqual(freed);
  });
});
