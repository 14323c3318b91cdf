import { describe, expect, it } from "vitest";
import { patternRegistry } from "../../patterns/registry.js";
import { assignTenants } from "../../patterns/shuffle-sharded-queue/assignment.js";
import { PATTERN_TYPES } from "../../scaffold/catalog.js";
import { shardingFor } from "../../scaffold/kinds/shuffle-sharded-queue.js";

describe("the scaffold's patterns", () => {
  it("are every pattern bulkhead knows: a new one needs its kind in scaffold/kinds/", () => {
    expect([...PATTERN_TYPES].sort()).toEqual(patternRegistry.map((p) => p.type).sort());
  });

  it.each([1, 3, 6, 7, 12, 45, 120, 121, 1000])("shard %i tenants so that the assigner can place them all", (count) => {
    const tenants = Array.from({ length: count }, (_, i) => `tenant-${i}`);
    const s = shardingFor(tenants);
    expect(s.shards).toBeGreaterThanOrEqual(4);
    expect(s.shards).toBeLessThanOrEqual(16);
    expect(s.maxOverlap).toBe(count <= 120 ? 1 : undefined);
    const lock = assignTenants({ shards: s.shards, shardsPerTenant: s.shardsPerTenant, maxOverlap: s.maxOverlap, tenants }, undefined);
    expect(Object.keys(lock.assignments)).toHaveLength(count);
  });
});
